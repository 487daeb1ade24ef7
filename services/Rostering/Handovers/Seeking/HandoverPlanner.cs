using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers.Seeking;

/// <summary>
/// Runs with every decision on a dispatch: whenever someone new is covering, reads the rota for the end of their duty and
/// asks escalation for the handover-due timer. The rota is only read when there is a handover to plan.
/// </summary>
public sealed class HandoverPlanner(IOptions<HandoverOptions> options, IOptions<OfferOptions> offers)
{
    public HandoverOptions Options => options.Value;

    public async Task PlanAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        if (work.Dispatch is not { } dispatch)
        {
            return;
        }

        var worker = HandoverDecider.WhoNeedsPlanning(dispatch);
        var companions = HandoverDecider.CompanionsNeedingPlanning(dispatch);
        if (worker is null && companions.Count == 0)
        {
            return;
        }

        var board = await RotaBoard.LoadAsync(work.Session, cancellationToken);
        var firstVisit = Duration.FromHours(offers.Value.FirstVisitHours);
        if (worker is { } covering)
        {
            work.Record(HandoverDecider.PlanNext(dispatch, covering, DutyOf(board, covering, work.Now, firstVisit), Options, firstVisit, Guid.CreateVersion7(), work.Now));
        }

        foreach (var companion in companions)
        {
            work.Record(HandoverDecider.PlanRelief(work.Dispatch!, companion, DutyOf(board, companion, work.Now, firstVisit), Options, firstVisit, Guid.CreateVersion7(), work.Now));
        }
    }

    /// <summary>
    /// The worker's duty now, or the one they come on for within <paramref name="soon"/> (someone taking over arrives a little
    /// before their shift starts), and the first change point after which they are off.
    /// </summary>
    public static Duty DutyOf(RotaBoard board, Guid workerId, Instant now, Duration soon)
    {
        // Only the rotations that can put this worker on (a turn of theirs, or a cover by them) decide when they are on,
        // and only their change points can change it.
        var coveredIn = board.Overrides.Where(o => o.CoveredBy == workerId).Select(o => o.RotationId).ToHashSet();
        var theirs = board.Only(r => r.Participants.Contains(workerId) || coveredIn.Contains(r.Id));
        bool IsOn(Instant t) => RotaResolution.WhoIsOn(theirs.Rotations, theirs.Overrides, t).Any(d => d.StaffId == workerId);
        Instant? Next(Instant from, Instant to, Func<Instant, bool> matching) =>
            RotaResolution.ChangePoints(theirs.Rotations, theirs.Overrides, from, to).Where(matching).Cast<Instant?>().FirstOrDefault();

        if ((IsOn(now) ? now : Next(now, now + soon, IsOn)) is not { } start)
        {
            return new Duty(false, null);
        }

        return new Duty(true, Next(start, start + HandoverDecider.LookAhead, t => t > start && !IsOn(t)));
    }
}
