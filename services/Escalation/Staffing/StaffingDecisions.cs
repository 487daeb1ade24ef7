using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Timers;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.Staffing;

/// <summary>"No worker on site within N hours of activation": set when an activation opens, stopped when a worker arrives.</summary>
public static class StaffingDecisions
{
    public static DurableTimer Timer(Guid activationId, Instant deadlineAt) =>
        new(TimerIds.For(activationId, TimerKinds.WorkerOnSite), activationId, TimerKinds.WorkerOnSite, deadlineAt, null);

    public static EscalationDecision Opened(Guid activationId, Instant openedAt, Instant now, ActivationEscalation state, CoverLimitOptions options)
    {
        if (state.StaffingDeadlineAt is not null || state.WorkerArrivedAt is not null || state.Resolution is not null)
        {
            return EscalationDecision.Nothing;
        }

        var deadline = openedAt + Duration.FromHours(options.NoWorkerOnSiteHours);
        return new EscalationDecision([new StaffingDeadlineSet(activationId, openedAt, deadline, now)], [Timer(activationId, deadline)], []);
    }

    public static EscalationDecision Arrived(Guid activationId, Guid workerId, Instant arrivedAt, ActivationEscalation state, IReadOnlyList<DurableTimer> pending)
    {
        if (state.WorkerArrivedAt is not null)
        {
            return EscalationDecision.Nothing;
        }

        return new EscalationDecision(
            [new WorkerArrivedOnSite(activationId, workerId, arrivedAt)],
            [],
            pending.Where(t => t.Kind == TimerKinds.WorkerOnSite).ToList(),
            "a worker arrived on site");
    }
}
