using System.Collections.Concurrent;
using Cers.Dispatch.Escalation.Timers;

namespace Cers.Dispatch.Escalation.Activations;

/// <summary>
/// Each activation's state and pending timers as this instance's last commit on it left them, for its next decision on
/// the activation: that decision reads neither the stream nor the timer table. Its append expects the kept version, so a
/// stream another writer moved on (another instance's consumer, any instance's timer poller) fails the commit as a
/// conflict and the message is decided again on what is stored. A decision from kept state that would record nothing is
/// taken again on a read, since without an append nothing would check the version.
/// </summary>
public sealed class KeptEscalations
{
    /// <summary>Enough for every activation open at once at the busiest the service has been measured; past it, all is dropped.</summary>
    public const int Limit = 4096;

    private readonly ConcurrentDictionary<Guid, (ActivationEscalation State, IReadOnlyList<DurableTimer> Pending)> kept = new();

    /// <summary>Taken, not copied: two decisions at once cannot both start from it.</summary>
    public (ActivationEscalation State, IReadOnlyList<DurableTimer> Pending)? TryTake(Guid activationId) =>
        kept.TryRemove(activationId, out var entry) ? entry : null;

    /// <summary>What a committed decision left: the state after its events, the timers pending after it started and cancelled some.</summary>
    public void Keep(ActivationEscalation before, IReadOnlyList<DurableTimer> pendingBefore, EscalationDecision decided, IReadOnlyList<object> recorded)
    {
        if (kept.Count >= Limit)
        {
            kept.Clear();
        }

        var cancelled = decided.Cancel.Select(t => t.TimerId).ToHashSet();
        kept[before.ActivationId] = (
            recorded.Aggregate(before, (state, e) => state.Apply(e)),
            [.. pendingBefore.Where(t => !cancelled.Contains(t.TimerId)), .. decided.Start]);
    }

    /// <summary>The activation changed other than by a kept decision (a timer of it fired here).</summary>
    public void Forget(Guid activationId) => kept.TryRemove(activationId, out _);
}
