using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.Handovers.Seeking;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Rostering.Dispatches.Deadlines;

/// <summary>A dispatch's own timer: an offer's deadline, the coordinators' time to staff it, the lead before a handover.</summary>
public sealed record DispatchTimer(Guid ActivationId, string Kind, string? Target, Instant DueAt);

/// <summary>
/// The dispatch's timers, kept in rostering's own durable table and written in the transaction of the decision that sets
/// them (no round trip through escalation and back): when one comes due by the clock, whichever instance claims it
/// decides. An answered offer's deadline is cancelled with the answer; a timer that finds its moment passed (the offer
/// answered, the handover planned afresh) changes nothing, so one run twice after a crash is harmless.
/// </summary>
public sealed class DispatchTimers(DispatchTimerDue due) : IWorkHandler
{
    public IReadOnlyList<string> Kinds { get; } = [TimerKinds.OfferDeadline, TimerKinds.DispatchEscalation, TimerKinds.HandoverDue, TimerKinds.CompanionReliefDue];

    public bool DecidesOnItsStream => true;

    public static void Schedule(WorkQueue queue, IDocumentSession session, Guid timerId, DispatchTimer timer, Instant now) =>
        queue.Schedule(session, timerId, timer.Kind, timer.ActivationId, timer, timer.DueAt, now);

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var timer = item.Read<DispatchTimer>();
        var acted = await due.RunInAsync(context, item.Id, timer.ActivationId, timer.Kind, timer.Target, cancellationToken);
        return WorkOutcome.Done(acted ? "acted" : "nothing left to do");
    }
}

/// <summary>What a dispatch timer does when it comes due, wherever it was kept.</summary>
public sealed class DispatchTimerDue(DispatchDesk desk, HandoverPlanner planner)
{
    /// <param name="markHandled">For a timer that arrives as a message: records that message handled with what the timer does.</param>
    public Task<bool> RunAsync(Guid timerId, Guid activationId, string kind, string? target, Action<DispatchWork>? markHandled, CancellationToken cancellationToken) =>
        desk.ExecuteAsync(activationId, Decision(timerId, kind, target, markHandled, cancellationToken), cancellationToken);

    /// <summary>For a timer kept as owed work: decided in the transaction that finishes the item.</summary>
    public Task<bool> RunInAsync(WorkContext owed, Guid timerId, Guid activationId, string kind, string? target, CancellationToken cancellationToken) =>
        desk.ExecuteInAsync(owed, activationId, Decision(timerId, kind, target, markHandled: null, cancellationToken), cancellationToken);

    private Func<DispatchWork, Task<bool>> Decision(Guid timerId, string kind, string? target, Action<DispatchWork>? markHandled, CancellationToken cancellationToken) =>
        async work =>
        {
            if (work.Dispatch is not { } dispatch)
            {
                return false;
            }

            markHandled?.Invoke(work);

            switch (kind)
            {
                case TimerKinds.OfferDeadline when Guid.TryParse(target, out var offerId):
                    var expired = OfferDecider.Expire(dispatch, offerId, "no-reply", work.Now);
                    work.Record(expired);
                    if (expired.Count > 0)
                    {
                        await desk.MoveOnAsync(work, cancellationToken);
                    }

                    return expired.Count > 0;
                case TimerKinds.DispatchEscalation when EscalationTargets.TryParse(target, out var level, out var round):
                    var board = await RotaBoard.LoadAsync(work.Session, cancellationToken);
                    var step = OfferDecider.EscalationStepDue(dispatch, level, DispatchDesk.DutyManagers(board, work.Now), desk.Options, work.Now, round);
                    work.Record(step);
                    return step.Count > 0;
                case TimerKinds.HandoverDue when dispatch.NextHandover is { } planned:
                    var rota = await RotaBoard.LoadAsync(work.Session, cancellationToken);
                    var duty = HandoverPlanner.DutyOf(rota, planned.WorkerId, work.Now, Duration.Zero);
                    var handover = HandoverDecider.Due(dispatch, timerId, duty, planner.Options, Guid.CreateVersion7(), work.Now);
                    work.Record(handover);
                    if (handover.OfType<HandoverSought>().Any())
                    {
                        await desk.MoveOnAsync(work, cancellationToken);
                    }

                    return handover.Count > 0;
                case TimerKinds.CompanionReliefDue when Guid.TryParse(target, out var companion):
                    var roster = await RotaBoard.LoadAsync(work.Session, cancellationToken);
                    var companionDuty = HandoverPlanner.DutyOf(roster, companion, work.Now, Duration.Zero);
                    var relief = HandoverDecider.ReliefDue(dispatch, timerId, companion, companionDuty, planner.Options, Guid.CreateVersion7(), work.Now);
                    work.Record(relief);
                    return relief.Count > 0;
                default:
                    return false;
            }
        };
}
