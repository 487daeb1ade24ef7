using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.Escalation.Timers.Firing;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.Escalation.Tests;

/// <summary>
/// The timer table and the poller reduced to their decisions, in memory: what a decision starts is pending, what it
/// cancels is gone, and advancing the FakeClock fires what has come due, in due order.
/// </summary>
public sealed class TimerSimulation(Guid activationId, FakeClock clock, CoverLimitOptions options)
{
    private readonly List<DurableTimer> pending = [];

    public ActivationEscalation State { get; private set; } = ActivationEscalation.Empty(activationId);

    public List<object> Recorded { get; } = [];

    public IReadOnlyList<DurableTimer> Pending => pending.OrderBy(t => t.DueAt).ToList();

    public void Apply(Func<ActivationEscalation, IReadOnlyList<DurableTimer>, EscalationDecision> decide) => Record(decide(State, Pending));

    public IReadOnlyList<object> AdvanceTo(Instant to)
    {
        var from = Recorded.Count;
        while (pending.Where(t => t.DueAt <= to).OrderBy(t => t.DueAt).FirstOrDefault() is { } next)
        {
            if (clock.GetCurrentInstant() < next.DueAt)
            {
                clock.Reset(next.DueAt);
            }

            pending.Remove(next);
            Record(TimerFiringDecision.Decide(next, State, clock.GetCurrentInstant(), options));
        }

        clock.Reset(Instant.Max(to, clock.GetCurrentInstant()));
        return Recorded.Skip(from).ToList();
    }

    public IReadOnlyList<object> Advance(Duration by) => AdvanceTo(clock.GetCurrentInstant() + by);

    private void Record(EscalationDecision decision)
    {
        foreach (var e in decision.Events)
        {
            State = State.Apply(e);
            Recorded.Add(e);
        }

        pending.RemoveAll(t => decision.Cancel.Any(c => c.TimerId == t.TimerId));
        pending.AddRange(decision.Start.Where(s => pending.All(p => p.TimerId != s.TimerId)));
    }
}
