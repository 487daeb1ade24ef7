using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas.OnCall;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>One decision in progress on one dispatch: what it has recorded so far and the state that results.</summary>
public sealed class DispatchWork(IDocumentSession session, Guid activationId, StaffDispatch? dispatch, Instant now, WorkQueue queue, AggregatesKeptForWriting kept)
{
    private readonly List<object> recorded = [];

    public IDocumentSession Session { get; } = session;

    public Instant Now { get; } = now;

    public StaffDispatch? Dispatch { get; private set; } = dispatch;

    /// <summary>The dispatch as it stood before this decision.</summary>
    public StaffDispatch? Before { get; } = dispatch;

    public IReadOnlyList<object> Recorded => recorded;

    private readonly HashSet<string> codesGivenAgain = [];

    /// <summary>An offer code last given to an offer made long ago (<see cref="OfferCodes.GivenAgainAfter"/>): stored over, not inserted.</summary>
    public void GiveCodeAgain(string code) => codesGivenAgain.Add(code);

    /// <summary>The carer's plan as this decision's search for workers read it, for the offers' SMS to say what is needed.</summary>
    public CarerNeeds? NeedsRead { get; set; }

    /// <summary>An SMS or call owed because of this decision: stored with it, sent once it is (and only if it is).</summary>
    public void Send(Guid messageId, OutgoingMessage message) => queue.Send(Session, messageId, Dispatch?.Id, message, Now);

    public void Withdraw(Guid messageId, string why) => queue.Withdraw(Session, messageId, why, Now);

    /// <summary>
    /// Starts the dispatch's stream in this decision; a second start of it conflicts on commit. A stream this decision
    /// read and found absent is appended to at the version read; one it did not read at all, started.
    /// </summary>
    public void Start(DispatchRequested requested)
    {
        if (Session.AppendsTo(activationId))
        {
            Session.Events.Append(activationId, requested);
        }
        else
        {
            Session.Events.StartStream<StaffDispatch>(activationId, requested);
        }

        Dispatch = StaffDispatch.Create(requested);
        recorded.Add(requested);
    }

    public void Record(IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            Session.Events.Append(activationId, e);
            Dispatch = Dispatch!.Fold(e);
            recorded.Add(e);
            KeepSideRecords(e);
        }
    }

    private void KeepSideRecords(object e)
    {
        switch (e)
        {
            case OfferMade m:
                var code = new OfferCode(m.Code, m.ActivationId, m.OfferId, m.WorkerId, m.MadeAt);
                if (codesGivenAgain.Contains(m.Code))
                {
                    Session.Store(code);
                }
                else
                {
                    Session.Insert(code);
                }

                // Inserted, never stored over: if another decision asked her meanwhile, this one conflicts and decides again.
                Session.Insert(new WorkerClaim(m.WorkerId, m.ActivationId, m.OfferId, WorkerClaimState.Asked, m.MadeAt));
                break;
            case OfferAccepted a:
                Session.Store(new WorkerClaim(a.WorkerId, a.ActivationId, a.OfferId, WorkerClaimState.Committed, a.AcceptedAt));
                break;
            case OfferDeclined d:
                Session.DeleteWhere<WorkerClaim>(c => c.Id == d.WorkerId && c.OfferId == d.OfferId);
                break;
            case OfferExpired x:
                Session.DeleteWhere<WorkerClaim>(c => c.Id == x.WorkerId && c.OfferId == x.OfferId);
                break;
            case WorkerArrived a:
                kept.Append<WorkerTimesheet>(Session, a.WorkerId, new WorkerVisitStarted(a.WorkerId, a.ActivationId, a.ArrivedAt));
                break;
            case WorkerLeft l:
                Session.DeleteWhere<WorkerClaim>(c => c.Id == l.WorkerId && c.ActivationId == l.ActivationId);
                kept.Append<WorkerTimesheet>(Session, l.WorkerId, new WorkerVisitEnded(l.WorkerId, l.ActivationId, l.LeftAt));
                break;
            case DispatchClosed c:
                // Those covering it and anyone still asked for it.
                Session.DeleteWhere<WorkerClaim>(w => w.ActivationId == c.ActivationId);
                // Those on site are not texted (whoever closed it arranged what follows): their visit ends with the close.
                foreach (var onSite in Dispatch!.OnSite)
                {
                    kept.Append<WorkerTimesheet>(Session, onSite, new WorkerVisitEnded(onSite, c.ActivationId, c.ClosedAt));
                }

                break;
        }
    }
}

/// <summary>
/// Runs decisions on a dispatch: loads it for writing, lets the caller decide, plans the next handover and keeps plan links
/// in step with what was decided, and stores the events with optimistic concurrency (retrying when a webhook and a timer
/// race) together with the SMS and calls they call for, which the outgoing queue sends once they are stored.
/// </summary>
public sealed class DispatchDesk(
    IDocumentStore store,
    WorkQueue queue,
    IClock clock,
    IOptions<OfferOptions> offerOptions,
    IOptions<TwilioOptions> twilioOptions,
    Handovers.Seeking.HandoverPlanner handovers,
    PlanLinks.Issuing.PlanLinkKeeper planLinks,
    ActivationTurns turns,
    AggregatesKeptForWriting kept,
    Waiting.WorkersMayBeFree workersMayBeFree,
    AlarmRaiser alarms,
    IOptions<PagingOptions> paging)
{
    private const int ConflictRetries = 5;

    public const string OfferPurpose = "offer";

    /// <summary>The dispatch's own timers and checks; its SMS (the workers told they are released) still go.</summary>
    private static readonly string[] TimersEndedByClosing =
    [
        TimerKinds.OfferDeadline, TimerKinds.DispatchEscalation, TimerKinds.HandoverDue, TimerKinds.CompanionReliefDue,
        OnSite.CheckingWhoIsOnSite.NobodyOnSite, OnSite.CheckingWhoIsOnSite.ShortHanded,
    ];

    public OfferOptions Options => offerOptions.Value;

    /// <summary>
    /// Decides in the activation's turn (<see cref="ActivationTurns"/>): the worker's YES, the delivery receipt and the offer's
    /// own SMS record arrive together, and would otherwise collide on the stream and retry.
    /// </summary>
    /// <param name="startsTheStream">The decision most likely starts the dispatch (the opening): its first try reads nothing.</param>
    public Task<T> ExecuteAsync<T>(Guid activationId, Func<DispatchWork, Task<T>> decide, CancellationToken cancellationToken, bool startsTheStream = false) =>
        turns.InTurnAsync(activationId, () => DecideAsync(activationId, decide, startsTheStream, cancellationToken), cancellationToken);

    /// <summary>
    /// Decides in the transaction of owed work (a timer come due, what became of an offer's SMS) instead of one of its own:
    /// the item and the decision commit together, one commit where there were two. Should another decision store first,
    /// the commit fails and the runner takes the decision again at once. The runner holds the activation's turn until it
    /// commits (<see cref="IWorkHandler.DecidesOnItsStream"/>).
    /// </summary>
    public async Task<T> ExecuteInAsync<T>(WorkContext owed, Guid activationId, Func<DispatchWork, Task<T>> decide, CancellationToken cancellationToken)
    {
        var (work, answer) = await DecideInAsync(owed.Session, activationId, decide, cancellationToken);
        queue.WhenCommitted(owed.Session, () => workersMayBeFree.AfterDecision(work.Recorded));
        return answer;
    }

    /// <remarks>
    /// Another decision may store first: on this activation, or asking the same worker for another. Then it is decided again.
    /// </remarks>
    private async Task<T> DecideAsync<T>(Guid activationId, Func<DispatchWork, Task<T>> decide, bool startsTheStream, CancellationToken cancellationToken)
    {
        var tries = 0;
        var (stored, result) = await StreamConflicts.StoreInNewSessionsAsync(
            store, ConflictRetries, session => DecideInAsync(session, activationId, decide, cancellationToken, probablyNew: startsTheStream && ++tries == 1), cancellationToken);
        workersMayBeFree.AfterDecision(stored.Recorded);
        return result;
    }

    private async Task<(DispatchWork Work, T Answer)> DecideInAsync<T>(
        IDocumentSession session, Guid activationId, Func<DispatchWork, Task<T>> decide, CancellationToken cancellationToken, bool probablyNew = false)
    {
        var dispatch = await kept.FetchForWritingAsync<StaffDispatch>(session, activationId, cancellationToken, probablyNew);
        var work = new DispatchWork(session, activationId, dispatch, clock.GetCurrentInstant(), queue, kept);
        var answer = await decide(work);
        await WatchCoverAsync(work, cancellationToken);
        await KeepPlacesFilledAsync(work, cancellationToken);
        await handovers.PlanAsync(work, cancellationToken);
        await planLinks.KeepAsync(work, cancellationToken);
        await OweMessagesAsync(work, cancellationToken);
        return (work, answer);
    }

    /// <summary>
    /// When the last worker on site leaves an open cover, nobody is with the person cared for: that is recorded, a
    /// replacement is sought at once unless someone is already on the way or being sought, and an alarm is owed should
    /// nobody be on site again within Paging:NobodyOnSiteMinutes.
    /// </summary>
    private async Task WatchCoverAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        if (work.Recorded.OfType<WorkerLeft>().LastOrDefault() is not { } left || work.Dispatch is not { } dispatch
            || !dispatch.LeftWithNobodyOnSite() || dispatch.NobodyOnSiteSince is not null)
        {
            return;
        }

        work.Record([new NobodyOnSite(dispatch.Id, left.WorkerId, left.LeftAt, left.WorkerName ?? dispatch.NameOf(left.WorkerId))]);
        if (!work.Dispatch.FirstPlaceOpen() && work.Dispatch.Handover?.IncomingWorkerId is null)
        {
            work.Record([new ReplacementSought(dispatch.Id, work.Dispatch.RoundForNewSeeking(), left.WorkerId, work.Now)]);
            await MoveOnAsync(work, cancellationToken);
        }

        OnSite.CheckingWhoIsOnSite.Schedule(queue, work.Session, OnSite.CheckingWhoIsOnSite.NobodyOnSite, dispatch.Id, left.LeftAt, left.LeftAt + Duration.FromMinutes(paging.Value.NobodyOnSiteMinutes), work.Now);
    }

    /// <summary>
    /// A place beyond the first came free (its worker left, or took over the cover from the worker responsible, who left):
    /// it is offered again. A place taken may leave offers still wanted (a plan for two when one of the first offers was
    /// declined meanwhile). Once every place is held, the offers still open are stood down.
    /// </summary>
    private async Task KeepPlacesFilledAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        if (work.Dispatch is not { ClosedAt: null } dispatch)
        {
            return;
        }

        if (work.Recorded.OfType<WorkerLeft>().LastOrDefault() is { } left && work.Before is { } before
            && dispatch.OpenCompanionPlaces() > before.OpenCompanionPlaces())
        {
            work.Record([new PlaceReopened(dispatch.Id, before.RoundForNewSeeking(), left.WorkerId, work.Now)]);
        }

        if (work.Recorded.Any(e => e is PlaceReopened or OfferAccepted or CompanionReliefSought) && OfferDecider.OffersStillWanted(work.Dispatch, Options) > 0)
        {
            await MoveOnAsync(work, cancellationToken);
        }

        work.Record(OfferDecider.StandDownOffersNoLongerNeeded(work.Dispatch, work.Now));
        await WatchShortHandedAsync(work, cancellationToken);
    }

    /// <summary>
    /// Fewer on site than the plan needs at once (one worker at a two-person transfer): a check is owed for
    /// Paging:ShortHandedMinutes later; enough on site again (or nobody, which has its own alarm) stands its alarm down.
    /// </summary>
    private async Task WatchShortHandedAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        var (before, after) = (work.Before?.ShortHandedSince, work.Dispatch!.ShortHandedSince);
        if (after is { } since && since != before)
        {
            OnSite.CheckingWhoIsOnSite.Schedule(queue, work.Session, OnSite.CheckingWhoIsOnSite.ShortHanded, work.Dispatch.Id, since, since + Duration.FromMinutes(paging.Value.ShortHandedMinutes), work.Now);
        }
        else if (after is null && before is not null)
        {
            await AlarmRaiser.StandDownAsync(
                work.Session, work.Dispatch.Id, [AlarmKinds.ShortHanded],
                work.Dispatch.OnSite.Count == 0 ? "nobody is on site now" : "enough care workers are on site", work.Now, cancellationToken);
        }
    }

    /// <summary>Offers the activation to the best-ranked workers (or <paramref name="chosenWorker"/>), or escalates.</summary>
    public async Task MoveOnAsync(DispatchWork work, CancellationToken cancellationToken, StaffMember? chosenWorker = null, string? chosenBy = null)
    {
        if (work.Dispatch is not { } dispatch)
        {
            return;
        }

        var search = await CandidateSearch.RunAsync(work.Session, dispatch, work.Now, Options, DrawCodes(chosenWorker is null ? CodesDrawnForOffers : 1), cancellationToken);
        var drawn = new Queue<(string Code, OfferCode? Given)>(search.DrawnCodes);
        work.NeedsRead = search.Needs;
        if (search.Needs is { } needs && Math.Max(1, needs.WorkersNeeded) is var places && places != dispatch.PlacesNeeded)
        {
            work.Record([new PlacesSet(dispatch.Id, places, work.Now)]);
            dispatch = work.Dispatch!;
        }

        var options = chosenWorker is null && dispatch.PlacesNeeded > 1 && Options.SpareOffersWhenSeveralNeeded > 0
            && await OthersWaitForAFreeWorkerAsync(work.Session, dispatch.Id, Options, cancellationToken)
                ? Options.WithoutSpareOffers()
                : Options;
        var next = new List<NextOffer>();
        if (chosenWorker is not null)
        {
            var ranked = search.Ranking.Ranked.FirstOrDefault(r => r.WorkerId == chosenWorker.Id)
                ?? new RankedCandidate(0, chosenWorker.Id, chosenWorker.Name, 0, 0,
                    [$"chosen by {chosenBy}", .. search.Ranking.Excluded.FirstOrDefault(e => e.WorkerId == chosenWorker.Id)?.Reasons ?? []]);
            next.Add(new NextOffer(ranked, chosenWorker.Phone, Guid.CreateVersion7(), await FreeCodeAsync(work, drawn, cancellationToken), chosenBy));
        }
        else if (search.Needs is not null)
        {
            // Found neither asked nor committed; should another decision ask one of them before this one is stored, the
            // claim conflicts and this decision runs again.
            foreach (var best in search.Ranking.Ranked.Take(Math.Max(1, OfferDecider.OffersStillWanted(dispatch, options))))
            {
                next.Add(new NextOffer(best, search.Board.Staff[best.WorkerId].Phone, Guid.CreateVersion7(), await FreeCodeAsync(work, drawn, cancellationToken), null));
            }
        }

        var chain = GetOnCallSlice.ChainAt(search.Board, work.Now);
        var coordinators = chain.Where(c => c.Role == StaffRoles.Coordinator).ToList();
        var first = (coordinators.Count > 0 ? coordinators : chain).Select(c => new AlertContact(c.Name, c.Phone, c.Role)).ToList();
        var events = OfferDecider.MoveOn(dispatch, next, first, options, Guid.CreateVersion7(), work.Now);
        if (search.Needs is null && chosenWorker is null && events.OfType<DispatchEscalated>().FirstOrDefault() is { } escalated)
        {
            events = [escalated with { Reason = "no-emergency-plan" }, .. events.Skip(1)];
        }

        work.Record(events);
    }

    /// <summary>
    /// Whether another activation has found nobody free and will be offered the next free worker. A spare offer for a plan
    /// for several holds a worker while it is out; in a surge that worker is better asked for the person who has nobody.
    /// One whose offers are used up is the coordinators' to staff and does not count. A bounded read, read only as far as
    /// the first that counts: this runs for every plan for several that is offered, most of all in a surge.
    /// </summary>
    private static async Task<bool> OthersWaitForAFreeWorkerAsync(IQuerySession session, Guid dispatchId, OfferOptions options, CancellationToken cancellationToken)
    {
        var waiting = session.Query<StaffDispatch>().Where(d => d.WaitingForFreeWorker && d.Id != dispatchId).Take(WaitingLookedAt);
        await foreach (var other in waiting.ToAsyncEnumerable(cancellationToken))
        {
            if (Waiting.OfferingWhenWorkersAreFree.IsOfferedWhenAWorkerIsFree(other, options))
            {
                return true;
            }
        }

        return false;
    }

    private const int WaitingLookedAt = 50;

    public static IReadOnlyList<AlertContact> DutyManagers(Rotas.RotaBoard board, Instant now) =>
        board.OnAt(now, StaffRoles.DutyManager).Select(x => new AlertContact(x.Member.Name, x.Member.Phone, x.Member.Role)).ToList();

    /// <summary>
    /// Codes drawn before the search, which reads whether each is free with the rest: enough for the offers a decision
    /// makes at once (a plan for two and its spare offer). Should more be needed, or one be taken, more are drawn and read.
    /// </summary>
    private const int CodesDrawnForOffers = 3;

    private static string[] DrawCodes(int count) => [.. Enumerable.Range(0, count).Select(_ => OfferCodes.New()).Distinct()];

    /// <summary>
    /// A code no offer has, or one whose offer was made long enough ago to be given again: codes are kept to answer a late
    /// YES ("already gone"), and there are only 279,841 of them. The codes drawn before the search come first.
    /// </summary>
    private static async Task<string> FreeCodeAsync(DispatchWork work, Queue<(string Code, OfferCode? Given)> drawn, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (code, given) = drawn.TryDequeue(out var next) ? next : await DrawOneAsync(work, cancellationToken);
            if (given is null)
            {
                return code;
            }

            if (given.MadeAt < work.Now - OfferCodes.GivenAgainAfter)
            {
                work.GiveCodeAgain(code);
                return code;
            }
        }
    }

    private static async Task<(string Code, OfferCode? Given)> DrawOneAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        var code = OfferCodes.New();
        return (code, await work.Session.LoadAsync<OfferCode>(code, cancellationToken));
    }

    /// <summary>The SMS, calls and timers the decision's events call for, owed in the decision's own transaction.</summary>
    private async Task OweMessagesAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        if (work.Dispatch is not { } dispatch)
        {
            return;
        }

        foreach (var e in work.Recorded)
        {
            switch (e)
            {
                case OfferMade offer:
                    work.Send(OfferSmsId(offer.OfferId), await OfferSmsAsync(work, dispatch, offer, cancellationToken));
                    break;
                case OfferExpired or OfferDeclined:
                    // An offer that closed before its SMS went (the activation closed meanwhile) is not sent at all.
                    var closed = e is OfferExpired x ? x.OfferId : ((OfferDeclined)e).OfferId;
                    if (dispatch.Offers.FirstOrDefault(o => o.OfferId == closed) is { Sent: false })
                    {
                        work.Withdraw(OfferSmsId(closed), "offer closed before it was sent");
                    }
                    else if (e is OfferExpired { Why: StaffDispatch.PlacesFilledWhy } covered
                        && dispatch.Offers.FirstOrDefault(o => o.OfferId == covered.OfferId) is { } coveredOffer)
                    {
                        work.Send(
                            DeterministicGuid.From($"rostering/offer/{covered.OfferId:N}/covered"),
                            new OutgoingMessage(MessageChannel.Sms, coveredOffer.WorkerPhone, OfferTexts.Covered(dispatch.Area, coveredOffer.Code), "covered", dispatch.Id));
                    }

                    break;
                case OfferDeadlineSet deadline:
                    Deadlines.DispatchTimers.Schedule(queue, work.Session, deadline.TimerId,
                        new(dispatch.Id, TimerKinds.OfferDeadline, deadline.OfferId.ToString(), deadline.DueAt), work.Now);
                    break;
                case OfferDeadlineCancelled { TimerId: var timerId } when timerId != Guid.Empty:
                    queue.CancelTimer(work.Session, timerId, "the offer was answered", work.Now);
                    break;
                case EscalationStepScheduled step:
                    Deadlines.DispatchTimers.Schedule(queue, work.Session, step.TimerId,
                        new(dispatch.Id, TimerKinds.DispatchEscalation, Deadlines.EscalationTargets.Of(step.NextLevel, step.Round), step.DueAt), work.Now);
                    break;
                case HandoverDueSet handoverDue:
                    Deadlines.DispatchTimers.Schedule(queue, work.Session, handoverDue.TimerId,
                        new(dispatch.Id, TimerKinds.HandoverDue, handoverDue.WorkerId.ToString(), handoverDue.DueAt), work.Now);
                    break;
                case CompanionReliefDueSet reliefDue:
                    Deadlines.DispatchTimers.Schedule(queue, work.Session, reliefDue.TimerId,
                        new(dispatch.Id, TimerKinds.CompanionReliefDue, reliefDue.WorkerId.ToString(), reliefDue.DueAt), work.Now);
                    break;
                case DispatchEscalated escalated:
                    await alarms.RaiseAsync(work.Session, StaffingAlarm(dispatch, escalated), work.Now, cancellationToken);
                    break;
                case OfferAccepted when !dispatch.IsSeeking() && dispatch.EverEscalated != false:
                    await AlarmRaiser.StandDownAsync(
                        work.Session, dispatch.Id, [AlarmKinds.Staffing], dispatch.PlacesNeeded > 1 ? "every place is filled" : "a worker accepted", work.Now, cancellationToken);
                    break;
                case WorkerArrived arrived:
                    // Staffing stands down with the last place filled (a plan for two may still be finding its second).
                    await AlarmRaiser.StandDownAsync(
                        work.Session, dispatch.Id,
                        [.. dispatch.IsSeeking() ? [] : new[] { AlarmKinds.Staffing }, AlarmKinds.NoWorkerOnSiteInTime, AlarmKinds.NobodyOnSite],
                        $"{dispatch.NameOf(arrived.WorkerId) ?? "a worker"} arrived", work.Now, cancellationToken);
                    break;
                case DispatchClosed closedDispatch:
                    TellReleased(work, dispatch, closedDispatch);
                    // Its timers would only find it closed, hours later perhaps (the next handover): they are not kept waiting.
                    queue.CancelTimersOfStream(work.Session, dispatch.Id, TimersEndedByClosing, "the activation closed", work.Now);
                    await AlarmRaiser.StandDownAsync(work.Session, dispatch.Id, null, "the activation closed", work.Now, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>
    /// A worker may answer before the provider's acceptance of the offer's SMS is recorded (it is recorded as work of its
    /// own, moments later). The answer proves the SMS went: it is recorded first, from the outgoing queue, so the timeline
    /// says the offer was sent before it says it was answered.
    /// </summary>
    public async Task RecordOfferSentBeforeItsAnswerAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        foreach (var offer in work.Dispatch?.OpenOffers().Where(o => !o.Sent) ?? [])
        {
            if (await queue.FindAsync(OfferSmsId(offer.OfferId), cancellationToken) is { DoneAt: { } sentAt } record
                && SendingMessages.TryReadSent(record.Outcome, out var provider, out var sid))
            {
                work.Record(OfferDecider.SmsSent(work.Dispatch!, offer.OfferId, provider, sid, Options, sentAt));
            }
        }
    }

    public static Guid OfferSmsId(Guid offerId) => DeterministicGuid.From($"rostering/offer/{offerId:N}/sms");

    private async Task<OutgoingMessage> OfferSmsAsync(DispatchWork work, StaffDispatch dispatch, OfferMade offer, CancellationToken cancellationToken)
    {
        var needs = work.NeedsRead ?? (dispatch.CarerId is { } carer ? await work.Session.LoadAsync<CarerNeeds>(carer, cancellationToken) : null);
        var takeOver = offer.Round > 0 && dispatch.Handover is { OutgoingLeftAt: null } handover && handover.Round == offer.Round ? handover
            : dispatch.ReliefSought() is { } relief && relief.Round == offer.Round && relief.DutyEndsAt > work.Now ? relief
            : null;
        var text = takeOver is not null
            ? OfferTexts.HandoverOffer(dispatch.Area ?? needs?.Area, OfferTexts.Skills(needs), offer.Code, Options.DeadlineMinutes, takeOver.DutyEndsAt)
            : OfferTexts.Offer(dispatch.Area ?? needs?.Area, OfferTexts.Skills(needs), offer.Code, Options.DeadlineMinutes, dispatch.PlacesNeeded);
        return new OutgoingMessage(MessageChannel.Sms, offer.WorkerPhone, text, OfferPurpose, offer.OfferId, ReportOutcome: true, StatusCallback: StatusCallbackFor(offer));
    }

    /// <summary>Level 1 pages the on-call coordinators; level 2 (they have not staffed it in time) the duty managers.</summary>
    private static RaiseAlarm StaffingAlarm(StaffDispatch dispatch, DispatchEscalated escalated) => new(
        AlarmKinds.Staffing,
        $"staffing/{dispatch.Id:N}/{escalated.Round}/{escalated.Level}",
        dispatch.Id,
        OfferTexts.Escalation(dispatch, escalated.Level, escalated.Reason),
        escalated.Level == 1 ? PagingAudience.Coordinators : PagingAudience.DutyManagers);

    private static void TellReleased(DispatchWork work, StaffDispatch dispatch, DispatchClosed closed)
    {
        foreach (var worker in closed.Released)
        {
            if (dispatch.Offers.LastOrDefault(o => o.WorkerId == worker) is { } offer)
            {
                work.Send(
                    DeterministicGuid.From($"rostering/dispatch/{dispatch.Id:N}/released/{worker:N}"),
                    new OutgoingMessage(MessageChannel.Sms, offer.WorkerPhone, OfferTexts.Released(dispatch.Area), "released", dispatch.Id));
            }
        }
    }

    private Uri? StatusCallbackFor(OfferMade offer) =>
        twilioOptions.Value.PublicBaseUrl is { } publicBase
            ? new Uri($"{publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/')}/twilio/sms/status?activationId={offer.ActivationId}&offerId={offer.OfferId}")
            : null;
}
