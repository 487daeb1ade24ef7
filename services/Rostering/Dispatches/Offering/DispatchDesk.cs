using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas.OnCall;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Twilio;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>One decision in progress on one dispatch: what it has recorded so far and the state that results.</summary>
public sealed class DispatchWork(IDocumentSession session, IEventStream<StaffDispatch> stream, Instant now)
{
    private readonly List<object> recorded = [];
    private readonly List<Func<CancellationToken, Task>> afterCommit = [];
    private readonly List<Guid> claimedWorkers = [];

    public IDocumentSession Session { get; } = session;

    public Instant Now { get; } = now;

    public StaffDispatch? Dispatch { get; private set; } = stream.Aggregate;

    public IReadOnlyList<object> Recorded => recorded;

    public IReadOnlyList<Func<CancellationToken, Task>> AfterCommitted => afterCommit;

    /// <summary>Workers this decision claimed in <see cref="WorkersBeingAsked"/>, settled once it is stored or given up.</summary>
    public IReadOnlyList<Guid> ClaimedWorkers => claimedWorkers;

    public void Claimed(Guid workerId) => claimedWorkers.Add(workerId);

    /// <summary>Something to do once the decision is stored (an SMS), and only if it is: a retried decision does it once.</summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => afterCommit.Add(action);

    public void Start(DispatchRequested requested)
    {
        Session.Events.StartStream<StaffDispatch>(requested.ActivationId, requested);
        Dispatch = StaffDispatch.Create(requested);
    }

    public void Record(IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            stream.AppendOne(e);
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
                Session.Insert(new OfferCode(m.Code, m.ActivationId, m.OfferId, m.WorkerId, m.MadeAt));
                break;
            case OfferAccepted a:
                Session.Insert(new WorkerCommitment(a.WorkerId, a.ActivationId, a.AcceptedAt));
                break;
            case WorkerArrived a:
                Session.Events.Append(a.WorkerId, new WorkerVisitStarted(a.WorkerId, a.ActivationId, a.ArrivedAt));
                break;
            case WorkerLeft l:
                Session.Delete<WorkerCommitment>(l.WorkerId);
                Session.Events.Append(l.WorkerId, new WorkerVisitEnded(l.WorkerId, l.ActivationId, l.LeftAt));
                break;
            case DispatchClosed c:
                foreach (var released in c.Released)
                {
                    Session.Delete<WorkerCommitment>(released);
                }

                break;
        }
    }
}

/// <summary>
/// Runs decisions on a dispatch: loads it for writing, lets the caller decide, plans the next handover and keeps plan links
/// in step with what was decided, stores the events with optimistic concurrency (retrying when a webhook and a timer
/// race), then sends the SMS and calls the events call for. Sending comes after the commit: a crash in between leaves an
/// offer whose deadline timer still moves the dispatch on.
/// </summary>
public sealed class DispatchDesk(
    IDocumentStore store,
    TwilioRestClient twilio,
    IClock clock,
    IOptions<OfferOptions> offerOptions,
    IOptions<TwilioOptions> twilioOptions,
    Handovers.Seeking.HandoverPlanner handovers,
    PlanLinks.Issuing.PlanLinkKeeper planLinks,
    ActivationTurns turns,
    Waiting.WorkersMayBeFree workersMayBeFree,
    WorkersBeingAsked beingAsked,
    NpgsqlDataSource database,
    ILogger<DispatchDesk> logger)
{
    private const int ConflictRetries = 5;

    /// <summary>
    /// Tries for up to a minute. Each failure empties the pool's idle connections: after PostgreSQL restarts every one of
    /// them is dead, and each attempt would otherwise spend itself on the next dead one.
    /// </summary>
    private readonly ResiliencePipeline recordingTheSentSms = new ResiliencePipelineBuilder()
        .AddTimeout(TimeSpan.FromMinutes(1))
        .AddRetry(new RetryStrategyOptions
        {
            // Whatever PostgreSQL going away surfaces as (Npgsql's, Marten's, a broken batch's); conflicts are retried inside.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(5),
            UseJitter = true,
            OnRetry = args =>
            {
                logger.LogWarning(args.Outcome.Exception, "Recording a sent offer SMS failed (attempt {Attempt}); retrying", args.AttemptNumber + 1);
                database.Clear();
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public OfferOptions Options => offerOptions.Value;

    /// <summary>
    /// Decides in the activation's turn (<see cref="ActivationTurns"/>): the worker's YES, the delivery receipt and the offer's
    /// own SMS record arrive together, and would otherwise collide on the stream and retry.
    /// </summary>
    public Task<T> ExecuteAsync<T>(Guid activationId, Func<DispatchWork, Task<T>> decide, CancellationToken cancellationToken) =>
        turns.InTurnAsync(activationId, () => DecideAsync(activationId, decide, cancellationToken), cancellationToken);

    private async Task<T> DecideAsync<T>(Guid activationId, Func<DispatchWork, Task<T>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CarryTraceContext();
            var stream = await session.Events.FetchForWriting<StaffDispatch>(activationId, cancellationToken);
            var work = new DispatchWork(session, stream, clock.GetCurrentInstant());
            T result;
            var stored = false;
            try
            {
                result = await decide(work);
                await handovers.PlanAsync(work, cancellationToken);
                await planLinks.KeepAsync(work, cancellationToken);
                try
                {
                    await session.SaveChangesAsync(cancellationToken);
                    stored = true;
                }
                catch (Exception e) when (e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or DocumentAlreadyExistsException && attempt < ConflictRetries)
                {
                    continue;
                }
            }
            finally
            {
                SettleClaims(work, activationId, stored);
            }

            workersMayBeFree.AfterDecision(work.Recorded);
            await SendAsync(work.Dispatch, work.Recorded, cancellationToken);
            foreach (var then in work.AfterCommitted)
            {
                await then(cancellationToken);
            }

            return result;
        }
    }

    /// <summary>Offers the activation to the best-ranked worker (or <paramref name="chosenWorker"/>), or escalates.</summary>
    public async Task MoveOnAsync(DispatchWork work, CancellationToken cancellationToken, StaffMember? chosenWorker = null, string? chosenBy = null)
    {
        if (work.Dispatch is not { } dispatch)
        {
            return;
        }

        var snapshot = beingAsked.Snapshot();
        var search = await CandidateSearch.RunAsync(work.Session, dispatch, work.Now, Options, cancellationToken);
        NextOffer? next = null;
        if (chosenWorker is not null)
        {
            var ranked = search.Ranking.Ranked.FirstOrDefault(r => r.WorkerId == chosenWorker.Id)
                ?? new RankedCandidate(0, chosenWorker.Id, chosenWorker.Name, 0, 0,
                    [$"chosen by {chosenBy}", .. search.Ranking.Excluded.FirstOrDefault(e => e.WorkerId == chosenWorker.Id)?.Reasons ?? []]);
            next = new NextOffer(ranked, chosenWorker.Phone, Guid.CreateVersion7(), Guid.CreateVersion7(), await FreeCodeAsync(work.Session, cancellationToken), chosenBy);
        }
        else if (search.Needs is not null && BestRanked(work, dispatch, search.Ranking, snapshot) is { } best)
        {
            next = new NextOffer(best, search.Board.Staff[best.WorkerId].Phone, Guid.CreateVersion7(), Guid.CreateVersion7(), await FreeCodeAsync(work.Session, cancellationToken), null);
        }

        var chain = GetOnCallSlice.ChainAt(search.Board, work.Now);
        var coordinators = chain.Where(c => c.Role == StaffRoles.Coordinator).ToList();
        var first = (coordinators.Count > 0 ? coordinators : chain).Select(c => new AlertContact(c.Name, c.Phone, c.Role)).ToList();
        var events = OfferDecider.MoveOn(dispatch, next, first, Options, Guid.CreateVersion7(), work.Now);
        if (search.Needs is null && chosenWorker is null && events.OfType<DispatchEscalated>().FirstOrDefault() is { } escalated)
        {
            events = [escalated with { Reason = "no-emergency-plan" }, .. events.Skip(1)];
        }

        work.Record(events);
    }

    /// <summary>
    /// The best-ranked worker no other decision has claimed, claimed for this one. When no offer will be made (one is open,
    /// or too many went unanswered) nothing is claimed: the decision only needs to know whether anyone qualifies.
    /// </summary>
    private RankedCandidate? BestRanked(DispatchWork work, StaffDispatch dispatch, Ranking ranking, long snapshot)
    {
        if (!OfferDecider.OffersTheBestRanked(dispatch, Options))
        {
            return ranking.Ranked.Count > 0 ? ranking.Ranked[0] : null;
        }

        var best = ranking.Ranked.FirstOrDefault(r => beingAsked.TryClaim(r.WorkerId, dispatch.Id, snapshot));
        if (best is not null)
        {
            work.Claimed(best.WorkerId);
        }

        return best;
    }

    private void SettleClaims(DispatchWork work, Guid activationId, bool stored)
    {
        foreach (var worker in work.ClaimedWorkers)
        {
            if (stored && work.Recorded.OfType<OfferMade>().Any(o => o.WorkerId == worker))
            {
                beingAsked.Stored(worker, activationId);
            }
            else
            {
                beingAsked.Abandon(worker, activationId);
            }
        }
    }

    public static IReadOnlyList<AlertContact> DutyManagers(Rotas.RotaBoard board, Instant now) =>
        board.OnAt(now, StaffRoles.DutyManager).Select(x => new AlertContact(x.Member.Name, x.Member.Phone, x.Member.Role)).ToList();

    private static async Task<string> FreeCodeAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = OfferCodes.New();
            if (await session.LoadAsync<OfferCode>(code, cancellationToken) is null)
            {
                return code;
            }
        }
    }

    private async Task SendAsync(StaffDispatch? dispatch, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        if (dispatch is null)
        {
            return;
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case OfferMade offer when dispatch.Offers.Any(o => o.OfferId == offer.OfferId):
                    await SendOfferAsync(dispatch, offer, cancellationToken);
                    break;
                case DispatchEscalated escalated:
                    await AlertAsync(dispatch, escalated, cancellationToken);
                    break;
                case DispatchClosed closed:
                    await TellReleasedAsync(dispatch, closed, cancellationToken);
                    break;
            }
        }
    }

    private async Task SendOfferAsync(StaffDispatch dispatch, OfferMade offer, CancellationToken cancellationToken)
    {
        CarerNeeds? needs;
        await using (var query = store.QuerySession())
        {
            needs = dispatch.CarerId is { } carer ? await query.LoadAsync<CarerNeeds>(carer, cancellationToken) : null;
        }

        var text = offer.Round > 0 && dispatch.Handover is { } handover && handover.Round == offer.Round
            ? OfferTexts.HandoverOffer(dispatch.Area ?? needs?.Area, OfferTexts.Skills(needs), offer.Code, Options.DeadlineMinutes, handover.DutyEndsAt)
            : OfferTexts.Offer(dispatch.Area ?? needs?.Area, OfferTexts.Skills(needs), offer.Code, Options.DeadlineMinutes);
        try
        {
            var sent = await twilio.SendSmsAsync(offer.WorkerPhone, text, StatusCallbackFor(offer), cancellationToken);
            // The SMS is out and the message that led here is already marked handled, so a retried message would not
            // come back to record it: PostgreSQL being away for a moment must not lose which SMS carried the offer.
            await recordingTheSentSms.ExecuteAsync(async token => await ExecuteAsync(offer.ActivationId, work =>
            {
                if (work.Dispatch?.Offers.FirstOrDefault(o => o.OfferId == offer.OfferId) is { MessageSid: not null })
                {
                    return Task.FromResult(false);
                }

                work.Record([new OfferSmsQueued(offer.ActivationId, offer.OfferId, sent.Sid, work.Now)]);
                return Task.FromResult(true);
            }, token), cancellationToken);
        }
        catch (TwilioRequestFailedException failure)
        {
            logger.LogError(failure, "Offer {OfferId} SMS to worker {WorkerId} was not sent; moving on", offer.OfferId, offer.WorkerId);
            await ExecuteAsync(offer.ActivationId, async work =>
            {
                work.Record(OfferDecider.Expire(work.Dispatch!, offer.OfferId, "sms-not-sent", work.Now));
                await MoveOnAsync(work, cancellationToken);
                return true;
            }, cancellationToken);
        }
    }

    private async Task AlertAsync(StaffDispatch dispatch, DispatchEscalated escalated, CancellationToken cancellationToken)
    {
        var text = OfferTexts.Escalation(dispatch, escalated.Level, escalated.Reason);
        foreach (var contact in escalated.Notified)
        {
            try
            {
                await twilio.SendSmsAsync(contact.Phone, text, null, cancellationToken);
                await twilio.PlaceCallAsync(contact.Phone, OfferTexts.Spoken(text), cancellationToken);
            }
            catch (TwilioRequestFailedException failure)
            {
                // The next escalation level is on a timer, so a failed alert is logged and the chain still moves up.
                logger.LogError(failure, "Could not alert {Role} {Phone} about activation {ActivationId}", contact.Role, contact.Phone, dispatch.Id);
            }
        }
    }

    private async Task TellReleasedAsync(StaffDispatch dispatch, DispatchClosed closed, CancellationToken cancellationToken)
    {
        foreach (var worker in closed.Released)
        {
            if (dispatch.Offers.LastOrDefault(o => o.WorkerId == worker) is not { } offer)
            {
                continue;
            }

            try
            {
                await twilio.SendSmsAsync(offer.WorkerPhone, OfferTexts.Released(dispatch.Area), null, cancellationToken);
            }
            catch (TwilioRequestFailedException failure)
            {
                logger.LogError(failure, "Could not tell worker {WorkerId} that activation {ActivationId} closed", worker, dispatch.Id);
            }
        }
    }

    private Uri? StatusCallbackFor(OfferMade offer) =>
        twilioOptions.Value.PublicBaseUrl is { } publicBase
            ? new Uri($"{publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/')}/twilio/sms/status?activationId={offer.ActivationId}&offerId={offer.OfferId}")
            : null;
}
