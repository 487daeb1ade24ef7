using Cers.Dispatch.Escalation.Timers;

namespace Cers.Dispatch.Escalation.Activations;

/// <summary>What a decision wants recorded on the activation's stream, and which timers it starts or stops.</summary>
public sealed record EscalationDecision(IReadOnlyList<object> Events, IReadOnlyList<DurableTimer> Start, IReadOnlyList<DurableTimer> Cancel, string CancelReason = "")
{
    public static readonly EscalationDecision Nothing = new([], [], []);

    public bool IsEmpty => Events.Count == 0 && Start.Count == 0 && Cancel.Count == 0;

    /// <summary>This decision and the one taken after it on the state it leaves, recorded together.</summary>
    public EscalationDecision Then(EscalationDecision next) => new(
        [.. Events, .. next.Events],
        [.. Start, .. next.Start],
        [.. Cancel, .. next.Cancel],
        string.Join("; ", new[] { CancelReason, next.CancelReason }.Where(why => why.Length > 0)));
}
