using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;

namespace Cers.Dispatch.Escalation.Activations;

/// <summary>The shape every consumer of this service shares: idempotent on MessageId, decide on the activation's state, record.</summary>
public static class ActivationCommands
{
    public static async Task HandleAsync(
        IDocumentSession session,
        TimerStore timers,
        ConsumeContext context,
        string consumer,
        Guid activationId,
        Instant now,
        Func<ActivationEscalation, IReadOnlyList<DurableTimer>, EscalationDecision> decide)
    {
        session.MarkHandled(context, consumer, now);

        var state = await EscalationStream.LoadAsync(session, activationId, context.CancellationToken);
        var pending = await timers.PendingAsync(activationId, context.CancellationToken);
        EscalationStream.Record(session.CarryTraceContext(), timers, state, activationId, decide(state, pending), now);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
