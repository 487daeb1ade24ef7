using Cers.Dispatch.Rostering.Dispatches.Identifying;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using NodaTime;
using ActivationClosed = Cers.Dispatch.Contracts.CrisisIntake.ActivationClosed;

namespace Cers.Dispatch.Rostering.Dispatches.Closing;

/// <summary>
/// Crisis intake closed the activation: no more offers or handovers for it, plan links stop working, and workers still on
/// their way are released and told. A worker on site is not told (whoever closed it has arranged the care that follows
/// hers); her visit ends with the close, and a LEFT afterwards is answered with when it ended.
/// </summary>
public sealed class WhenActivationClosed(DispatchDesk desk) : IConsumer<ActivationClosed>
{
    public static IReadOnlyList<object> Decide(StaffDispatch dispatch, ActivationClosed closed, Instant now)
    {
        if (dispatch.ClosedAt is not null)
        {
            return [];
        }

        var onTheWay = dispatch.HoldingPlaces().Where(w => !dispatch.OnSite.Contains(w)).ToList();
        var withdrawn = dispatch.OpenOffers().SelectMany(open => OfferDecider.Expire(dispatch, open.OfferId, "activation-closed", now));
        return [.. withdrawn, new DispatchClosed(dispatch.Id, closed.Outcome, closed.ClosedBy, onTheWay, now)];
    }

    public async Task Consume(ConsumeContext<ActivationClosed> context)
    {
        var closed = context.Message;
        await desk.ExecuteAsync(closed.ActivationId, async work =>
        {
            work.Session.MarkHandled(context, nameof(WhenActivationClosed), work.Now);

            if (work.Dispatch is not { } dispatch)
            {
                throw new DispatchNotOpenedYetException(closed.ActivationId);
            }

            work.Record(Decide(dispatch, closed, work.Now));
            return true;
        }, context.CancellationToken);
    }
}
