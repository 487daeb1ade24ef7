using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using ActivationCardNotIdentified = Cers.Dispatch.Contracts.CrisisIntake.ActivationCardNotIdentified;
using ActivationCardVerified = Cers.Dispatch.Contracts.CrisisIntake.ActivationCardVerified;

namespace Cers.Dispatch.Rostering.Dispatches.Identifying;

/// <summary>The verification can overtake the opening on the bus; throwing lets the retry wait for the dispatch to exist.</summary>
public sealed class DispatchNotOpenedYetException(Guid activationId)
    : ArrivedBeforeItsCauseException($"No dispatch for activation {activationId} yet; its ActivationOpened has not been consumed.");

/// <summary>Crisis intake verified the card: we know whose plan to staff, so matching and the first offer start now.</summary>
public sealed class WhenActivationCardVerified(DispatchDesk desk) : IConsumer<ActivationCardVerified>
{
    public async Task Consume(ConsumeContext<ActivationCardVerified> context)
    {
        var verified = context.Message;
        await desk.ExecuteAsync(verified.ActivationId, async work =>
        {
            work.Session.MarkHandled(context, nameof(WhenActivationCardVerified), work.Now);

            if (work.Dispatch is not { } dispatch)
            {
                throw new DispatchNotOpenedYetException(verified.ActivationId);
            }

            if (dispatch.CarerId is not null)
            {
                return false;
            }

            await IdentifyAndOfferAsync(desk, work, verified, context.CancellationToken);
            return true;
        }, context.CancellationToken);
    }

    /// <summary>Records whose plan the dispatch staffs and makes the first offer (or escalates).</summary>
    public static Task IdentifyAndOfferAsync(DispatchDesk desk, DispatchWork work, ActivationCardVerified verified, CancellationToken cancellationToken)
    {
        work.Record([new CarerIdentified(verified.ActivationId, verified.CarerId, verified.CardNumber, verified.Nation, verified.Area, "crisis-intake", work.Now)]);
        return desk.MoveOnAsync(work, cancellationToken);
    }
}

/// <summary>
/// No card identified: the dispatch waits for a coordinator to say whose plan to staff. Kept beside the stream, not in
/// it, so the stream still starts with the request alone.
/// </summary>
public sealed class WhenActivationCardNotIdentified(IDocumentSession session, IClock clock) : IConsumer<ActivationCardNotIdentified>
{
    public async Task Consume(ConsumeContext<ActivationCardNotIdentified> context)
    {
        session.MarkHandled(context, nameof(WhenActivationCardNotIdentified), clock.GetCurrentInstant());

        session.Store(new CarerIdentificationNeeded(context.Message.ActivationId, context.Message.Why, context.Message.At));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
