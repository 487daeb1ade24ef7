using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches;

public enum DispatchStatus
{
    FindingStaff,
    AwaitingCarerIdentification,
    Offered,
    WorkerOnTheWay,
    CoverInProgress,
    Escalated,
    NobodyOnSite,
}

public enum OfferStatus
{
    Open,
    Accepted,
    Declined,
    Expired,
}

public sealed record Offer(
    Guid OfferId,
    Guid WorkerId,
    string WorkerName,
    string WorkerPhone,
    string Code,
    int Attempt,
    string? ChosenBy,
    Instant MadeAt,
    Instant? DeadlineAt,
    OfferStatus Status,
    Guid? TimerId = null,
    string? MessageSid = null,
    IReadOnlyList<string>? SmsStatuses = null,
    string? ClosedWhy = null,
    Instant? ClosedAt = null,
    int Round = 0,
    string? Provider = null)
{
    /// <summary>Whether a provider has accepted its SMS (only then does the worker's time to answer run).</summary>
    public bool Sent => MessageSid is not null;
}

/// <summary>A handover under way: the outgoing worker's duty ends at <paramref name="DutyEndsAt"/>; who takes over, once someone accepts.</summary>
public sealed record HandoverInProgress(int Round, Guid OutgoingWorkerId, Instant DutyEndsAt, Instant SoughtAt, Guid? IncomingWorkerId = null, Instant? OutgoingLeftAt = null);

public sealed record CompletedHandover(int Round, Guid OutgoingWorkerId, Guid IncomingWorkerId);

/// <summary>The handover-due timer set for the covering worker.</summary>
public sealed record NextHandover(Guid WorkerId, Guid TimerId, Instant? DutyEndsAt, Instant DueAt);

/// <summary>Rostering's view of one activation: who it is looking for and who it has asked.</summary>
public sealed record StaffDispatch(
    Guid Id,
    DispatchStatus Status,
    string? CardNumber,
    string Reason,
    Instant ActivationOpenedAt,
    Instant RequestedAt)
{
    public Guid? CarerId { get; init; }

    public string? Nation { get; init; }

    public string? Area { get; init; }

    public IReadOnlyList<Offer> Offers { get => field ?? []; init; } = [];

    /// <summary>The worker responsible for the cover now: the first to accept, then each who takes over at a handover.</summary>
    public Guid? AcceptedWorkerId { get; init; }

    /// <summary>Set when the responsible worker left with nobody taking over (cover ended, or paused for the coordinator).</summary>
    public Instant? AcceptedWorkerLeftAt { get; init; }

    /// <summary>0 while the first worker is sought; n during and after the n-th handover.</summary>
    public int Round { get; init; }

    public HandoverInProgress? Handover { get; init; }

    public IReadOnlyList<CompletedHandover> PastHandovers { get => field ?? []; init; } = [];

    public NextHandover? NextHandover { get; init; }

    public Instant? ClosedAt { get; init; }

    public IReadOnlyList<Guid> OnSite { get => field ?? []; init; } = [];

    public Instant? CoverStartedAt { get; init; }

    /// <summary>When the first worker arrived: the cover limit runs from it, even when cover waits for a second worker.</summary>
    public Instant? FirstArrivalAt { get; init; }

    /// <summary>How many care workers the plan needs at once (two for a two-person transfer): the places to fill.</summary>
    public int PlacesNeeded { get => Math.Max(1, field); init; } = 1;

    /// <summary>
    /// The workers filling the places beyond the first (accepted, not yet left). The first place is the worker responsible
    /// for the cover (<see cref="AcceptedWorkerId"/>) with its chain of handovers.
    /// </summary>
    public IReadOnlyList<Guid> Companions { get => field ?? []; init; } = [];

    /// <summary>
    /// Since when someone, but fewer than the plan needs at once, has been on site (one worker at a two-person transfer);
    /// null while enough are there, or nobody is (which has its own alarm).
    /// </summary>
    public Instant? ShortHandedSince { get; init; }

    /// <summary>The relief-due timer of each companion (as <see cref="NextHandover"/> is the worker responsible's).</summary>
    public IReadOnlyList<NextHandover> CompanionDuties { get => field ?? []; init; } = [];

    /// <summary>
    /// Companions whose duty ends soon: their place is offered ahead, and whoever accepts (the relief's incoming worker)
    /// becomes a companion too. A companion being relieved with nobody accepted yet does not count as holding a place.
    /// </summary>
    public IReadOnlyList<HandoverInProgress> CompanionReliefs { get => field ?? []; init; } = [];

    /// <summary>The companion who left last, so the worker who has just gone is not asked straight back.</summary>
    public Guid? CompanionLeft { get; init; }

    /// <summary>Since when nobody has been on site while cover should be running; null while someone is.</summary>
    public Instant? NobodyOnSiteSince { get; init; }

    /// <summary>Who was last on site, when nobody is.</summary>
    public Guid? LastOnSite { get; init; }

    public int EscalationLevel { get; init; }

    /// <summary>
    /// Whether the coordinators were ever alerted for want of staff, which raises the staffing alarm; null in a dispatch
    /// stored before this was kept, read as "perhaps".
    /// </summary>
    public bool? EverEscalated { get; init; }

    /// <summary>Why the coordinators were alerted in this round, if they were.</summary>
    public string? EscalationReason { get; init; }

    public IReadOnlyList<Offer> OpenOffers() => Offers.Where(o => o.Status == OfferStatus.Open).ToList();

    /// <summary>
    /// Places nobody holds: the first while nobody has accepted it or a handover has nobody to take over, and each place
    /// beyond it without a companion. None once the activation closed.
    /// </summary>
    public int OpenPlaces() => ClosedAt is not null
        ? 0
        : (FirstPlaceOpen() ? 1 : 0) + OpenCompanionPlaces();

    /// <summary>Places beyond the first that nobody holds (a companion whose relief nobody has accepted yet holds none).</summary>
    public int OpenCompanionPlaces() =>
        Math.Max(0, PlacesNeeded - 1 - Companions.Count(c => !CompanionReliefs.Any(r => r.OutgoingWorkerId == c && r.IncomingWorkerId is null)));

    /// <summary>The relief of a companion nobody has accepted yet, in the current round.</summary>
    public HandoverInProgress? ReliefSought() => CompanionReliefs.FirstOrDefault(r => r.IncomingWorkerId is null && r.Round == Round);

    public int PlacesFilled() => Math.Max(0, PlacesNeeded - OpenPlaces());

    /// <summary>
    /// How many offers should be open at once: one for each open place, and <paramref name="spare"/> more when the plan
    /// needs several workers, so the first to answer fill the places rather than each place waiting for its own answer.
    /// </summary>
    public int OffersWanted(int spare) => OpenPlaces() is var open and > 0 ? open + (PlacesNeeded > 1 ? spare : 0) : 0;

    /// <summary>Accepted and holding a place now: the worker responsible for the cover, whoever takes over from them, the companions.</summary>
    public IReadOnlyList<Guid> HoldingPlaces() =>
        new[] { CoveringWorkerId(), Handover?.IncomingWorkerId }.OfType<Guid>().Concat(Companions).Distinct().ToList();

    public bool HoldsAPlace(Guid workerId) => HoldingPlaces().Contains(workerId);

    /// <summary>
    /// Escalated because no qualified worker was free, and still without an open offer: offered again as soon as one is
    /// (<see cref="Waiting.OfferingWhenWorkersAreFree"/>). Kept in a column of its own so those are found quickly.
    /// </summary>
    public bool WaitingForFreeWorker => IsSeeking() && OpenOffers().Count < OpenPlaces() && EscalationReason is { } reason && reason.EndsWith(NobodyFree, StringComparison.Ordinal);

    public const string NobodyFree = "nobody-qualified-available";

    /// <summary>Declines and lapses in the current round: each handover starts the count (and the escalation chain) afresh.</summary>
    public int UnansweredOffers() => Offers.Count(o => o.Round == Round && o.Status is OfferStatus.Declined or OfferStatus.Expired && o.ClosedWhy != PlacesFilledWhy);

    /// <summary>Why an offer still open closed when the last place was filled: its worker is texted that the call is covered.</summary>
    public const string PlacesFilledWhy = "places-filled";

    /// <summary>Still looking for someone: a place nobody holds (<see cref="OpenPlaces"/>).</summary>
    public bool IsSeeking() => OpenPlaces() > 0;

    /// <summary>The worker covering now, who is owed a handover before their duty ends; null once they left with nobody taking over.</summary>
    public Guid? CoveringWorkerId() => AcceptedWorkerLeftAt is null ? AcceptedWorkerId : null;

    public string? NameOf(Guid workerId) => Offers.LastOrDefault(o => o.WorkerId == workerId)?.WorkerName;

    public static StaffDispatch Create(DispatchRequested requested) => new(
        requested.ActivationId,
        DispatchStatus.FindingStaff,
        requested.CardNumber,
        requested.Reason,
        requested.ActivationOpenedAt,
        requested.RequestedAt) { EverEscalated = false };

    public StaffDispatch Apply(CarerIdentified e) => this with
    {
        CarerId = e.CarerId, CardNumber = e.CardNumber ?? CardNumber, Nation = e.Nation, Area = e.Area,
    };

    public StaffDispatch Apply(OfferMade e) => this with
    {
        Status = e.Round == 0 && AcceptedWorkerId is null ? DispatchStatus.Offered : Status,
        Offers = [.. Offers, new Offer(e.OfferId, e.WorkerId, e.WorkerName, e.WorkerPhone, e.Code, e.Attempt, e.ChosenBy, e.MadeAt, null, OfferStatus.Open, Round: e.Round)],
    };

    public StaffDispatch Apply(OfferDeadlineSet e) => WithOffer(e.OfferId, o => o with { TimerId = e.TimerId, DeadlineAt = e.DueAt });

    public StaffDispatch Apply(OfferDeadlineCancelled e) => this;

    public StaffDispatch Apply(OfferSmsQueued e) => WithOffer(e.OfferId, o => o with { MessageSid = e.MessageSid });

    public StaffDispatch Apply(OfferSmsSent e) =>
        WithOffer(e.OfferId, o => o with { MessageSid = e.MessageSid, Provider = e.Provider, DeadlineAt = e.DeadlineAt });

    public StaffDispatch Apply(OfferSmsStatusRecorded e) =>
        WithOffer(e.OfferId, o => o with { SmsStatuses = [.. o.SmsStatuses ?? [], e.Status] });

    /// <summary>The first acceptances win: a handover's place first, then the first place, then each companion's.</summary>
    public StaffDispatch Apply(OfferAccepted e)
    {
        var next = WithOffer(e.OfferId, o => o with { Status = OfferStatus.Accepted, ClosedAt = e.AcceptedAt });
        if (Handover is { IncomingWorkerId: null } handover)
        {
            // The outgoing worker may already have gone: then whoever accepts takes over at once.
            return handover.OutgoingLeftAt is null
                ? next with { Handover = handover with { IncomingWorkerId = e.WorkerId } }
                : next.TakeOver(e.WorkerId);
        }

        if (AcceptedWorkerId is not null && OpenCompanionPlaces() > 0)
        {
            var relief = CompanionReliefs.FirstOrDefault(r => r.IncomingWorkerId is null);
            return next with
            {
                Companions = [.. Companions, e.WorkerId],
                CompanionReliefs = CompanionReliefs.Select(r => r == relief ? r with { IncomingWorkerId = e.WorkerId } : r).ToList(),
            };
        }

        return AcceptedWorkerId is null ? next with { Status = DispatchStatus.WorkerOnTheWay, AcceptedWorkerId = e.WorkerId } : next;
    }

    public StaffDispatch Apply(PlacesSet e) => this with { PlacesNeeded = e.Needed };

    public StaffDispatch Apply(CompanionReliefDueSet e) => this with
    {
        CompanionDuties = [.. CompanionDuties.Where(d => d.WorkerId != e.WorkerId), new NextHandover(e.WorkerId, e.TimerId, e.DutyEndsAt, e.DueAt)],
    };

    /// <summary>A companion's relief is sought: in a round of its own unless another round is under way.</summary>
    public StaffDispatch Apply(CompanionReliefSought e) => InRound(e.Round) with
    {
        CompanionDuties = CompanionDuties.Where(d => d.WorkerId != e.WorkerId).ToList(),
        CompanionReliefs = [.. CompanionReliefs, new HandoverInProgress(e.Round, e.WorkerId, e.DutyEndsAt, e.SoughtAt)],
    };

    /// <summary>A companion's place is sought again: in a round of its own unless a handover's round is under way.</summary>
    public StaffDispatch Apply(PlaceReopened e) => InRound(e.Round) with { CompanionLeft = e.LeftWorkerId };

    public StaffDispatch Apply(OfferDeclined e) =>
        WithOffer(e.OfferId, o => o with { Status = OfferStatus.Declined, ClosedWhy = e.Why, ClosedAt = e.DeclinedAt }) with { Status = StillLookingStatus() };

    public StaffDispatch Apply(OfferExpired e) =>
        WithOffer(e.OfferId, o => o with { Status = OfferStatus.Expired, ClosedWhy = e.Why, ClosedAt = e.ExpiredAt }) with { Status = StillLookingStatus() };

    public StaffDispatch Apply(DispatchEscalated e) => this with
    {
        Status = e.Round == 0 && AcceptedWorkerId is null ? DispatchStatus.Escalated : Status, EscalationLevel = e.Level,
        EscalationReason = e.Level == 1 ? e.Reason : EscalationReason,
        EverEscalated = true,
    };

    public StaffDispatch Apply(EscalationStepScheduled e) => this;

    /// <summary>Cover is in progress once as many workers as the plan needs are on site (or cover has started already).</summary>
    public StaffDispatch Apply(WorkerArrived e) => (this with
    {
        Status = CoverStartedAt is not null || OnSite.Count + 1 >= PlacesNeeded ? DispatchStatus.CoverInProgress : DispatchStatus.WorkerOnTheWay,
        OnSite = [.. OnSite, e.WorkerId],
        NobodyOnSiteSince = null,
        FirstArrivalAt = FirstArrivalAt ?? e.ArrivedAt,
    }).CountingShortHanded(e.ArrivedAt);

    private StaffDispatch CountingShortHanded(Instant at) =>
        this with { ShortHandedSince = OnSite.Count > 0 && OnSite.Count < PlacesNeeded ? ShortHandedSince ?? at : null };

    public StaffDispatch Apply(NobodyOnSite e) => this with { Status = DispatchStatus.NobodyOnSite, NobodyOnSiteSince = e.Since, LastOnSite = e.LastWorkerId };

    /// <summary>A new round starts its escalation afresh; a place sought in the round under way keeps that round's.</summary>
    public StaffDispatch Apply(ReplacementSought e) => InRound(e.Round) with
    {
        Handover = new HandoverInProgress(e.Round, e.LeftWorkerId, e.SoughtAt, e.SoughtAt, OutgoingLeftAt: e.SoughtAt),
        NextHandover = null,
    };

    /// <summary>Someone had come, the activation is open, and the last worker on site has left.</summary>
    public bool LeftWithNobodyOnSite() => ClosedAt is null && (FirstArrivalAt ?? CoverStartedAt) is not null && OnSite.Count == 0;

    public StaffDispatch Apply(CoverStarted e) => this with { CoverStartedAt = e.StartedAt, Status = DispatchStatus.CoverInProgress };

    /// <summary>
    /// A companion leaving frees their place. The worker responsible for the cover leaving with nobody taking over hands
    /// the responsibility to a companion still on site, whose own place is then free.
    /// </summary>
    public StaffDispatch Apply(WorkerLeft e) => Leaving(e).CountingShortHanded(e.LeftAt);

    private StaffDispatch Leaving(WorkerLeft e)
    {
        var next = this with { OnSite = OnSite.Where(w => w != e.WorkerId).ToList() };
        if (Companions.Contains(e.WorkerId))
        {
            return next.WithoutCompanion(e.WorkerId) with { CompanionLeft = e.WorkerId };
        }

        if (AcceptedWorkerId == e.WorkerId && Handover is null && Companions.Where(next.OnSite.Contains).Cast<Guid?>().FirstOrDefault() is { } stays)
        {
            return next.WithoutCompanion(stays) with { AcceptedWorkerId = stays };
        }

        return Handover switch
        {
            { OutgoingWorkerId: var outgoing, IncomingWorkerId: { } incoming } when outgoing == e.WorkerId => next.TakeOver(incoming),
            { OutgoingWorkerId: var outgoing } h when outgoing == e.WorkerId => next with { Handover = h with { OutgoingLeftAt = e.LeftAt } },
            { IncomingWorkerId: var incoming } h when incoming == e.WorkerId => next with { Handover = h with { IncomingWorkerId = null } },
            _ when AcceptedWorkerId == e.WorkerId => next with { AcceptedWorkerLeftAt = e.LeftAt },
            _ => next,
        };
    }

    public StaffDispatch Apply(HandoverDueSet e) => this with { NextHandover = new NextHandover(e.WorkerId, e.TimerId, e.DutyEndsAt, e.DueAt) };

    public StaffDispatch Apply(HandoverSought e) => InRound(e.Round) with
    {
        Handover = new HandoverInProgress(e.Round, e.OutgoingWorkerId, e.DutyEndsAt, e.SoughtAt),
        NextHandover = null,
    };

    private StaffDispatch InRound(int round) =>
        round == Round ? this : this with { Round = round, CompanionLeft = null, EscalationLevel = 0, EscalationReason = null };

    /// <summary>The round a place newly sought belongs to: the one under way while anything is sought, else a new one.</summary>
    public int RoundForNewSeeking() => IsSeeking() ? Round : Round + 1;

    /// <summary>The first place is open: nobody holds it, or a handover has nobody to take over.</summary>
    public bool FirstPlaceOpen() => ClosedAt is null && (AcceptedWorkerId is null || Handover is { IncomingWorkerId: null });

    public StaffDispatch Apply(DispatchClosed e) => this with { ClosedAt = e.ClosedAt, NextHandover = null, CompanionDuties = [] };

    /// <summary>Folds any event of the stream, so a decision can see what the previous one in the same command did.</summary>
    public StaffDispatch Fold(object e) => e switch
    {
        CarerIdentified x => Apply(x),
        OfferMade x => Apply(x),
        OfferDeadlineSet x => Apply(x),
        OfferDeadlineCancelled x => Apply(x),
        OfferSmsQueued x => Apply(x),
        OfferSmsSent x => Apply(x),
        OfferSmsStatusRecorded x => Apply(x),
        OfferAccepted x => Apply(x),
        PlacesSet x => Apply(x),
        PlaceReopened x => Apply(x),
        OfferDeclined x => Apply(x),
        OfferExpired x => Apply(x),
        DispatchEscalated x => Apply(x),
        EscalationStepScheduled x => Apply(x),
        WorkerArrived x => Apply(x),
        CoverStarted x => Apply(x),
        WorkerLeft x => Apply(x),
        NobodyOnSite x => Apply(x),
        ReplacementSought x => Apply(x),
        HandoverDueSet x => Apply(x),
        CompanionReliefDueSet x => Apply(x),
        CompanionReliefSought x => Apply(x),
        HandoverSought x => Apply(x),
        DispatchClosed x => Apply(x),
        _ => this,
    };

    /// <summary>The incoming worker takes over the cover: the handover is complete.</summary>
    private StaffDispatch TakeOver(Guid incoming) => this with
    {
        PastHandovers = Handover is { } h ? [.. PastHandovers, new CompletedHandover(h.Round, h.OutgoingWorkerId, incoming)] : PastHandovers,
        AcceptedWorkerId = incoming,
        AcceptedWorkerLeftAt = null,
        Handover = null,
        Status = OnSite.Contains(incoming) ? DispatchStatus.CoverInProgress : DispatchStatus.WorkerOnTheWay,
    };

    /// <summary>No longer a companion: nor timed for relief, nor being relieved, nor relieving anyone (who is then relieved afresh).</summary>
    private StaffDispatch WithoutCompanion(Guid workerId) => this with
    {
        Companions = Companions.Where(w => w != workerId).ToList(),
        CompanionDuties = CompanionDuties.Where(d => d.WorkerId != workerId).ToList(),
        CompanionReliefs = CompanionReliefs.Where(r => r.OutgoingWorkerId != workerId)
            .Select(r => r.IncomingWorkerId == workerId ? r with { IncomingWorkerId = null } : r).ToList(),
    };

    private DispatchStatus StillLookingStatus() => AcceptedWorkerId is null ? DispatchStatus.FindingStaff : Status;

    private StaffDispatch WithOffer(Guid offerId, Func<Offer, Offer> change) => this with
    {
        Offers = Offers.Select(o => o.OfferId == offerId ? change(o) : o).ToList(),
    };
}
