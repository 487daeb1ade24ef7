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
    Instant DeadlineAt,
    OfferStatus Status,
    Guid? TimerId = null,
    string? MessageSid = null,
    IReadOnlyList<string>? SmsStatuses = null,
    string? ClosedWhy = null,
    Instant? ClosedAt = null);

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

    public Guid? AcceptedWorkerId { get; init; }

    public IReadOnlyList<Guid> OnSite { get => field ?? []; init; } = [];

    public Instant? CoverStartedAt { get; init; }

    public int EscalationLevel { get; init; }

    public Offer? OpenOffer() => Offers.LastOrDefault(o => o.Status == OfferStatus.Open);

    public int UnansweredOffers() => Offers.Count(o => o.Status is OfferStatus.Declined or OfferStatus.Expired);

    public static StaffDispatch Create(DispatchRequested requested) => new(
        requested.ActivationId,
        DispatchStatus.FindingStaff,
        requested.CardNumber,
        requested.Reason,
        requested.ActivationOpenedAt,
        requested.RequestedAt);

    public StaffDispatch Apply(CarerIdentified e) => this with
    {
        CarerId = e.CarerId, CardNumber = e.CardNumber ?? CardNumber, Nation = e.Nation, Area = e.Area,
    };

    public StaffDispatch Apply(OfferMade e) => this with
    {
        Status = DispatchStatus.Offered,
        Offers = [.. Offers, new Offer(e.OfferId, e.WorkerId, e.WorkerName, e.WorkerPhone, e.Code, e.Attempt, e.ChosenBy, e.MadeAt, e.DeadlineAt, OfferStatus.Open)],
    };

    public StaffDispatch Apply(OfferDeadlineSet e) => WithOffer(e.OfferId, o => o with { TimerId = e.TimerId });

    public StaffDispatch Apply(OfferDeadlineCancelled e) => this;

    public StaffDispatch Apply(OfferSmsQueued e) => WithOffer(e.OfferId, o => o with { MessageSid = e.MessageSid });

    public StaffDispatch Apply(OfferSmsStatusRecorded e) =>
        WithOffer(e.OfferId, o => o with { SmsStatuses = [.. o.SmsStatuses ?? [], e.Status] });

    public StaffDispatch Apply(OfferAccepted e) => WithOffer(e.OfferId, o => o with { Status = OfferStatus.Accepted, ClosedAt = e.AcceptedAt }) with
    {
        Status = DispatchStatus.WorkerOnTheWay, AcceptedWorkerId = e.WorkerId,
    };

    public StaffDispatch Apply(OfferDeclined e) =>
        WithOffer(e.OfferId, o => o with { Status = OfferStatus.Declined, ClosedWhy = e.Why, ClosedAt = e.DeclinedAt }) with { Status = DispatchStatus.FindingStaff };

    public StaffDispatch Apply(OfferExpired e) =>
        WithOffer(e.OfferId, o => o with { Status = OfferStatus.Expired, ClosedWhy = e.Why, ClosedAt = e.ExpiredAt }) with { Status = DispatchStatus.FindingStaff };

    public StaffDispatch Apply(DispatchEscalated e) => this with { Status = DispatchStatus.Escalated, EscalationLevel = e.Level };

    public StaffDispatch Apply(EscalationStepScheduled e) => this;

    public StaffDispatch Apply(WorkerArrived e) => this with { Status = DispatchStatus.CoverInProgress, OnSite = [.. OnSite, e.WorkerId] };

    public StaffDispatch Apply(CoverStarted e) => this with { CoverStartedAt = e.StartedAt };

    public StaffDispatch Apply(WorkerLeft e) => this with { OnSite = OnSite.Where(w => w != e.WorkerId).ToList() };

    /// <summary>Folds any event of the stream, so a decision can see what the previous one in the same command did.</summary>
    public StaffDispatch Fold(object e) => e switch
    {
        CarerIdentified x => Apply(x),
        OfferMade x => Apply(x),
        OfferDeadlineSet x => Apply(x),
        OfferDeadlineCancelled x => Apply(x),
        OfferSmsQueued x => Apply(x),
        OfferSmsStatusRecorded x => Apply(x),
        OfferAccepted x => Apply(x),
        OfferDeclined x => Apply(x),
        OfferExpired x => Apply(x),
        DispatchEscalated x => Apply(x),
        EscalationStepScheduled x => Apply(x),
        WorkerArrived x => Apply(x),
        CoverStarted x => Apply(x),
        WorkerLeft x => Apply(x),
        _ => this,
    };

    private StaffDispatch WithOffer(Guid offerId, Func<Offer, Offer> change) => this with
    {
        Offers = Offers.Select(o => o.OfferId == offerId ? change(o) : o).ToList(),
    };
}
