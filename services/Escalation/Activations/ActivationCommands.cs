using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;

namespace Cers.Dispatch.Escalation.Activations;

/// <summary>The shape every consumer of this service shares: idempotent on MessageId, decide on the activation's state, record.</summary>
public static class ActivationCommands
{
    /// <param name="opensTheStream">
    /// The message opening the activation: on its first try its stream and timers are taken to be new and nothing is read.
    /// Should the stream be there (a message about the activation came first), starting it fails, and the retry decides
    /// on what is stored.
    /// </param>
    public static async Task HandleAsync(
        IDocumentSession session,
        TimerStore timers,
        KeptEscalations kept,
        ConsumeContext context,
        string consumer,
        Guid activationId,
        Instant now,
        Func<ActivationEscalation, IReadOnlyList<DurableTimer>, EscalationDecision> decide,
        bool opensTheStream = false)
    {
        session.MarkHandled(context, consumer, now);

        async Task<(ActivationEscalation, IReadOnlyList<DurableTimer>)> ReadAsync() =>
            (await EscalationStream.LoadAsync(session, activationId, context.CancellationToken), await timers.PendingAsync(activationId, context.CancellationToken));

        var isNew = opensTheStream && context.GetRetryAttempt() == 0 && context.GetRedeliveryCount() == 0;
        var known = isNew ? null : kept.TryTake(activationId);
        var (state, pending) = isNew ? (ActivationEscalation.Fold(activationId, []), []) : known ?? await ReadAsync();
        var decision = decide(state, pending);
        if (known is not null && decision.IsEmpty)
        {
            (state, pending) = await ReadAsync();
            decision = decide(state, pending);
        }

        var recorded = EscalationStream.Record(session.CarryTraceContext(), timers, state, activationId, decision, now);
        await session.SaveChangesAsync(context.CancellationToken);
        kept.Keep(state, pending, decision, recorded);
    }
}
