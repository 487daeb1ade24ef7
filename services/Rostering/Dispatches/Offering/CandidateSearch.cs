using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Marten;
using Marten.Services.BatchQuerying;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <param name="DrawnCodes">Offer codes drawn for the decision's offers, each with the offer that last had it, if any.</param>
public sealed record CandidateSearchResult(
    CarerNeeds? Needs, ActivationNeeds? ActivationNeeds, Ranking Ranking, RotaBoard Board, IReadOnlyList<(string Code, OfferCode? Given)> DrawnCodes);

/// <summary>Gathers what the ranking needs (plan, rota, commitments, this week's hours) and ranks.</summary>
public static class CandidateSearch
{
    /// <summary>
    /// Reads what the ranking needs in one round trip, on the path of every offer: the carer's plan, every worker's
    /// claim and hours, the travel limits, a worker held for the activation, and <paramref name="codes"/> (offer codes
    /// drawn for the offers about to be made, so seeing whether each is free costs no read of its own).
    /// </summary>
    public static async Task<CandidateSearchResult> RunAsync(
        IQuerySession session, StaffDispatch dispatch, Instant now, OfferOptions options, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        var reading = session.CreateBatchQuery();
        var needsRead = dispatch.CarerId is { } carerId ? reading.Load<CarerNeeds>(carerId) : Task.FromResult<CarerNeeds?>(null);
        var poolRead = CandidatePool.Read(reading, board, options);
        var reservedRead = reading.Query<Reservations.Reservation>().Where(r => r.ActivationId == dispatch.Id && r.WorkerId != null).FirstOrDefault();
        var givenRead = codes.Count > 0 ? reading.LoadMany<OfferCode>().ById(codes.ToArray()) : Task.FromResult<IReadOnlyList<OfferCode>>([]);
        await reading.Execute(cancellationToken);

        var given = (await givenRead).ToDictionary(c => c.Id);
        var drawn = codes.Select(code => (code, given.GetValueOrDefault(code))).ToList();
        if (await needsRead is not { } needs)
        {
            return new CandidateSearchResult(null, null, new Ranking([], []), board, drawn);
        }

        var pool = await poolRead();
        var (visit, ranking) = pool.Rank(dispatch, needs, now, options);
        return new CandidateSearchResult(needs, visit, Reservations.ReservedFirst.Apply(ranking, (await reservedRead)?.WorkerId), board, drawn);
    }
}

/// <summary>
/// Everything about the workers that ranking reads, loaded once: a search ranks one dispatch with it, and the sweep for
/// waiting dispatches ranks each of them without loading it again.
/// </summary>
public sealed record CandidatePool(
    RotaBoard Board,
    IReadOnlyDictionary<Guid, WorkerClaim> Claims,
    IReadOnlyDictionary<Guid, WorkerTimesheet> Timesheets,
    TravelLimitsInForce Limits)
{
    public static async Task<CandidatePool> LoadAsync(IQuerySession session, OfferOptions options, CancellationToken cancellationToken)
    {
        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        var reading = session.CreateBatchQuery();
        var pool = Read(reading, board, options);
        await reading.Execute(cancellationToken);
        return await pool();
    }

    /// <summary>Queues the pool's reads on <paramref name="reading"/>; the pool is there once it has run.</summary>
    public static Func<Task<CandidatePool>> Read(IBatchedQuery reading, RotaBoard board, OfferOptions options)
    {
        var claims = reading.Query<WorkerClaim>().ToList();
        var timesheets = reading.Query<WorkerTimesheet>().ToList();
        var limits = reading.Query<AreaTravelLimit>().ToList();
        return async () => new CandidatePool(
            board,
            (await claims).ToDictionary(c => c.Id),
            (await timesheets).ToDictionary(t => t.Id),
            TravelLimitsInForce.Of(await limits, options));
    }

    public (ActivationNeeds Visit, Ranking Ranking) Rank(StaffDispatch dispatch, CarerNeeds needs, Instant now, OfferOptions options)
    {
        // At a handover (or a companion's relief) the first visit begins when the outgoing worker's duty ends, so the next
        // shift's worker qualifies.
        var takeOverAt = dispatch.Handover?.DutyEndsAt ?? dispatch.ReliefSought()?.DutyEndsAt;
        var visitFrom = takeOverAt is { } at && at > now ? at : now;
        var visit = new ActivationNeeds(
            needs.RequiredSkills, needs.Latitude, needs.Longitude, visitFrom, visitFrom + Duration.FromHours(options.FirstVisitHours), Limits.For(needs.Area));
        var weekStart = StartOfWeek(now);
        Guid? Elsewhere(Guid workerId, WorkerClaimState state) =>
            Claims.TryGetValue(workerId, out var claim) && claim.State == state && claim.ActivationId != dispatch.Id ? claim.ActivationId : null;
        var duties = Board.DutiesBetween(visit.VisitFrom, visit.VisitTo);
        var asked = AlreadyAsked(dispatch);
        var facts = Board.Staff.Values.Where(s => s.Role == StaffRoles.CareWorker).Select(w => new CandidateFacts(
            w,
            duties.IsOnThroughout(w.Id),
            Elsewhere(w.Id, WorkerClaimState.Committed),
            Math.Round(Timesheets.TryGetValue(w.Id, out var t) ? t.HoursBetween(weekStart, now) : 0, 1),
            asked.GetValueOrDefault(w.Id),
            OnDutyUntil: duties.OnDutyUntil(w.Id),
            OpenOfferOn: Elsewhere(w.Id, WorkerClaimState.Asked)));
        return (visit, WorkerRanking.Rank(visit, facts));
    }

    /// <summary>
    /// The workers not to ask again, each with why: asked in this round (each handover asks afresh) or with an offer still
    /// open on it (the latest offer says), covering the activation already, or the worker who has just left it. Worked
    /// out once for a ranking rather than once a worker.
    /// </summary>
    private static Dictionary<Guid, string> AlreadyAsked(StaffDispatch dispatch)
    {
        var why = new Dictionary<Guid, string>();
        foreach (var offer in dispatch.Offers)
        {
            if (offer.Round == dispatch.Round || offer.Status == OfferStatus.Open)
            {
                why[offer.WorkerId] = $"offer {offer.Code} {offer.ClosedWhy ?? offer.Status.ToString().ToLowerInvariant()}";
            }
        }

        foreach (var holder in dispatch.HoldingPlaces())
        {
            why.TryAdd(holder, "covering it now");
        }

        if (dispatch.Handover is { OutgoingLeftAt: not null } handover)
        {
            why.TryAdd(handover.OutgoingWorkerId, "has just left it");
        }

        if (dispatch.CompanionLeft is { } companion)
        {
            why.TryAdd(companion, "has just left it");
        }

        return why;
    }

    /// <summary>Monday 00:00 Europe/London of the week <paramref name="now"/> falls in.</summary>
    private static Instant StartOfWeek(Instant now)
    {
        var date = now.InZone(RotaResolution.London).Date;
        var monday = date.PlusDays(-(((int)date.DayOfWeek) - 1));
        return RotaResolution.InLondon(monday.AtMidnight());
    }
}
