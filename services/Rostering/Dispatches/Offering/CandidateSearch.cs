using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

public sealed record CandidateSearchResult(CarerNeeds? Needs, ActivationNeeds? ActivationNeeds, Ranking Ranking, RotaBoard Board);

/// <summary>Gathers what the ranking needs (plan, rota, commitments, this week's hours) and ranks.</summary>
public static class CandidateSearch
{
    public static async Task<CandidateSearchResult> RunAsync(IQuerySession session, StaffDispatch dispatch, Instant now, OfferOptions options, CancellationToken cancellationToken)
    {
        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        var needs = dispatch.CarerId is { } carerId ? await session.LoadAsync<CarerNeeds>(carerId, cancellationToken) : null;
        if (needs is null)
        {
            return new CandidateSearchResult(null, null, new Ranking([], []), board);
        }

        // At a handover the first visit begins when the outgoing worker's duty ends, so the next shift's worker qualifies.
        var visitFrom = dispatch.Handover is { } handover && handover.DutyEndsAt > now ? handover.DutyEndsAt : now;
        var visit = new ActivationNeeds(needs.RequiredSkills, needs.Latitude, needs.Longitude, visitFrom, visitFrom + Duration.FromHours(options.FirstVisitHours));
        var commitments = (await session.Query<WorkerCommitment>().ToListAsync(cancellationToken)).ToDictionary(c => c.Id);
        var timesheets = (await session.Query<WorkerTimesheet>().ToListAsync(cancellationToken)).ToDictionary(t => t.Id);
        var weekStart = StartOfWeek(now);
        var openOffers = await OpenOffers.ElsewhereAsync(session, dispatch.Id, cancellationToken);
        var facts = board.Staff.Values.Where(s => s.Role == StaffRoles.CareWorker).Select(w => new CandidateFacts(
            w,
            board.IsOnThroughout(w.Id, visit.VisitFrom, visit.VisitTo),
            commitments.TryGetValue(w.Id, out var c) && c.ActivationId != dispatch.Id ? c.ActivationId : null,
            Math.Round(timesheets.TryGetValue(w.Id, out var t) ? t.HoursBetween(weekStart, now) : 0, 1),
            AlreadyAsked(dispatch, w.Id),
            OnDutyUntil: board.OnDutyUntil(w.Id, visit.VisitFrom, visit.VisitTo),
            OpenOfferOn: openOffers.TryGetValue(w.Id, out var offeredOn) ? offeredOn : null));
        var ranking = WorkerRanking.Rank(visit, facts);
        var reserved = await session.Query<Reservations.Reservation>().FirstOrDefaultAsync(r => r.ActivationId == dispatch.Id && r.WorkerId != null, cancellationToken);
        return new CandidateSearchResult(needs, visit, Reservations.ReservedFirst.Apply(ranking, reserved?.WorkerId), board);
    }

    /// <summary>Asked in this round (each handover asks afresh), or covering the activation already.</summary>
    private static string? AlreadyAsked(StaffDispatch dispatch, Guid workerId) =>
        dispatch.Offers.LastOrDefault(o => o.WorkerId == workerId && o.Round == dispatch.Round) is { } asked
            ? $"offer {asked.Code} {asked.ClosedWhy ?? asked.Status.ToString().ToLowerInvariant()}"
            : dispatch.CoveringWorkerId() == workerId ? "covering it now" : null;

    /// <summary>Monday 00:00 Europe/London of the week <paramref name="now"/> falls in.</summary>
    public static Instant StartOfWeek(Instant now)
    {
        var date = now.InZone(RotaResolution.London).Date;
        var monday = date.PlusDays(-(((int)date.DayOfWeek) - 1));
        return RotaResolution.InLondon(monday.AtMidnight());
    }
}
