using Cers.Dispatch.Rostering.Dispatches.Identifying;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using ActivationOpened = Cers.Dispatch.Contracts.CrisisIntake.ActivationOpened;

namespace Cers.Dispatch.Rostering.Dispatches.Requesting;

/// <summary>
/// Starts a dispatch for each activation crisis intake opens; a redelivered message changes nothing. An opening that
/// carries its card check says whose plan to staff, so the first offer is decided with the start, in one transaction.
/// </summary>
public sealed class WhenActivationOpened(IDocumentSession session, DispatchDesk desk, IClock clock) : IConsumer<ActivationOpened>
{
    public static DispatchRequested Decide(ActivationOpened opened, Guid messageId, Instant now) => new(
        opened.ActivationId, messageId, opened.Channel, opened.CardNumber, opened.Reason, opened.OpenedAt, now);

    public async Task Consume(ConsumeContext<ActivationOpened> context)
    {
        if (context.Message.Card is { } card)
        {
            await desk.ExecuteAsync(context.Message.ActivationId, async work =>
            {
                work.Session.MarkHandled(context, nameof(WhenActivationOpened), work.Now);
                if (work.Dispatch is not null)
                {
                    return false;
                }

                work.Start(Decide(context.Message, context.MessageId!.Value, work.Now));
                await WhenActivationCardVerified.IdentifyAndOfferAsync(desk, work, card, context.CancellationToken);
                return true;
            }, context.CancellationToken, startsTheStream: true);
            return;
        }

        var now = clock.GetCurrentInstant();
        session.MarkHandled(context, nameof(WhenActivationOpened), now);

        var requested = Decide(context.Message, context.MessageId!.Value, now);
        session.Events.StartStream<StaffDispatch>(requested.ActivationId, requested);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
