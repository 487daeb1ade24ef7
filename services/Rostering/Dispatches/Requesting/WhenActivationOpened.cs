using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using ActivationOpened = Cers.Dispatch.Contracts.CrisisIntake.ActivationOpened;

namespace Cers.Dispatch.Rostering.Dispatches.Requesting;

/// <summary>Starts a dispatch for each activation crisis intake opens; a redelivered message changes nothing.</summary>
public sealed class WhenActivationOpened(IDocumentSession session, IClock clock) : IConsumer<ActivationOpened>
{
    public static DispatchRequested Decide(ActivationOpened opened, Guid messageId, Instant now) => new(
        opened.ActivationId, messageId, opened.Channel, opened.CardNumber, opened.Reason, opened.OpenedAt, now);

    public async Task Consume(ConsumeContext<ActivationOpened> context)
    {
        var now = clock.GetCurrentInstant();
        session.MarkHandled(context, nameof(WhenActivationOpened), now);

        var requested = Decide(context.Message, context.MessageId!.Value, now);
        session.Events.StartStream<StaffDispatch>(requested.ActivationId, requested);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
