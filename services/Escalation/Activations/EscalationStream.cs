using Cers.Dispatch.Escalation.Timers;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Escalation.Activations;

/// <summary>Loads and appends to an activation's escalation stream, keeping the timer table in the same transaction.</summary>
public static class EscalationStream
{
    public static async Task<ActivationEscalation> LoadAsync(IQuerySession session, Guid activationId, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(activationId, token: cancellationToken);
        return ActivationEscalation.Fold(activationId, events.Select(e => e.Data));
    }

    /// <summary>
    /// Queues the decision's events (and one TimerScheduled or TimerCancelled per timer) and the timer rows. With a
    /// loaded state the append expects the stream's version, so two writers of one activation cannot both succeed.
    /// </summary>
    public static IReadOnlyList<object> Record(IDocumentSession session, TimerStore timers, ActivationEscalation? state, Guid activationId, EscalationDecision decision, Instant now)
    {
        var events = new List<object>(decision.Events);
        foreach (var timer in decision.Cancel)
        {
            timers.QueueCancel(session, timer.TimerId, now);
            events.Add(new TimerCancelled(activationId, timer.TimerId, timer.Kind, decision.CancelReason, now));
        }

        foreach (var timer in decision.Start)
        {
            timers.QueueSchedule(session, timer, now);
            events.Add(new TimerScheduled(activationId, timer.TimerId, timer.Kind, timer.DueAt, timer.Target, now));
        }

        if (events.Count == 0)
        {
            return events;
        }

        switch (state)
        {
            case null:
                session.Events.Append(activationId, events.ToArray());
                break;
            case { Version: 0 }:
                session.Events.StartStream(activationId, events.ToArray());
                break;
            default:
                session.Events.Append(activationId, state.Version + events.Count, events.ToArray());
                break;
        }

        return events;
    }
}
