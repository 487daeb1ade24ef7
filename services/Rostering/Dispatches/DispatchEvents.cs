using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches;

/// <summary>Crisis intake opened an activation: rostering now owes it staff.</summary>
public sealed record DispatchRequested(
    Guid ActivationId,
    Guid SourceMessageId,
    string Channel,
    string? CardNumber,
    string Reason,
    Instant ActivationOpenedAt,
    Instant RequestedAt);

/// <summary>We know whose plan to staff: from crisis intake's verified card, or a coordinator's choice.</summary>
public sealed record CarerIdentified(Guid ActivationId, Guid CarerId, string? CardNumber, string? Nation, string? Area, string IdentifiedBy, Instant IdentifiedAt);

/// <summary>
/// A worker was offered the activation; its SMS is owed from now (the outgoing queue sends it, across a provider outage
/// if need be). <paramref name="ChosenBy"/> is null when the ranking chose them. <paramref name="Round"/> is 0 for the
/// first worker and n for the worker sought at the n-th handover.
/// </summary>
public sealed record OfferMade(
    Guid ActivationId,
    Guid OfferId,
    Guid WorkerId,
    string WorkerName,
    string WorkerPhone,
    string Code,
    int Attempt,
    IReadOnlyList<string> Reasons,
    string? ChosenBy,
    Instant MadeAt,
    int Round = 0);

/// <summary>
/// A provider accepted the offer's SMS: the worker's time to answer runs from now, to <paramref name="DeadlineAt"/>. An
/// offer is never closed for want of an answer to a message that had not gone.
/// </summary>
public sealed record OfferSmsSent(
    Guid ActivationId, Guid OfferId, Guid WorkerId, string WorkerName, int Attempt, string? ChosenBy, string Provider, string MessageSid, Instant SentAt, Instant DeadlineAt);

/// <summary>Escalation's timer will tell us when the offer's time is up.</summary>
public sealed record OfferDeadlineSet(Guid ActivationId, Guid OfferId, Guid TimerId, Instant DueAt);

public sealed record OfferDeadlineCancelled(Guid ActivationId, Guid OfferId, Guid TimerId, Instant At);

/// <summary>Before the outgoing queue: the SMS was accepted and its sid recorded (kept so older streams still read).</summary>
public sealed record OfferSmsQueued(Guid ActivationId, Guid OfferId, string MessageSid, Instant At);

/// <summary>A delivery status Twilio reported for an offer's SMS (queued, sent, delivered, failed, undelivered, ...).</summary>
public sealed record OfferSmsStatusRecorded(Guid ActivationId, Guid OfferId, string MessageSid, string Status, string? ErrorCode, Instant At);

/// <summary>A worker took a place: <paramref name="PlacesFilled"/> of the <paramref name="PlacesNeeded"/> the plan needs at once are now held (0 in older events).</summary>
public sealed record OfferAccepted(Guid ActivationId, Guid OfferId, Guid WorkerId, Instant AcceptedAt, string? WorkerName = null, int PlacesFilled = 0, int PlacesNeeded = 0);

/// <summary>The plan needs <paramref name="Needed"/> care workers at once (two for a two-person transfer): that many places are filled.</summary>
public sealed record PlacesSet(Guid ActivationId, int Needed, Instant At);

/// <summary>
/// A companion's place is free again (they left, or took over the cover from the worker responsible for it, who left):
/// it is offered again, in round <paramref name="Round"/>.
/// </summary>
public sealed record PlaceReopened(Guid ActivationId, int Round, Guid LeftWorkerId, Instant At);

public sealed record OfferDeclined(Guid ActivationId, Guid OfferId, Guid WorkerId, string Why, Instant DeclinedAt, string? WorkerName = null);

/// <summary>The offer closed unanswered; Why: no-reply, sms-failed, sms-undelivered, sms-refused (no provider would take it), withdrawn.</summary>
public sealed record OfferExpired(Guid ActivationId, Guid OfferId, Guid WorkerId, string Why, Instant ExpiredAt, string? WorkerName = null);

/// <summary>People were alerted (SMS and a call) that rostering cannot staff the activation on its own.</summary>
public sealed record DispatchEscalated(Guid ActivationId, int Level, string Reason, IReadOnlyList<AlertContact> Notified, Instant At, int Round = 0);

public sealed record AlertContact(string Name, string Phone, string Role);

public sealed record EscalationStepScheduled(Guid ActivationId, int NextLevel, Guid TimerId, Instant DueAt, int Round = 0);

/// <param name="OnSiteNow">How many workers are on site with this arrival, of the <paramref name="PlacesNeeded"/> the plan needs (0 in older events).</param>
public sealed record WorkerArrived(
    Guid ActivationId, Guid WorkerId, Instant ArrivedAt, string? WorkerName = null, bool? StartedCover = null, int OnSiteNow = 0, int PlacesNeeded = 0);

/// <summary>
/// As many workers as the plan needs are on site: cover has begun (the escalation service starts the cover-limit clock),
/// <paramref name="StartedAt"/> the first of them's arrival.
/// </summary>
public sealed record CoverStarted(Guid ActivationId, string Nation, Instant StartedAt);

/// <summary>After it, <paramref name="OnSiteNow"/> are on site and <paramref name="PlacesFilled"/> of <paramref name="PlacesNeeded"/> places held (0 in older events).</summary>
public sealed record WorkerLeft(Guid ActivationId, Guid WorkerId, Instant LeftAt, string? WorkerName = null, int OnSiteNow = 0, int PlacesFilled = 0, int PlacesNeeded = 0);

/// <summary>The last worker on site left and the activation is still open: nobody is with the person cared for.</summary>
public sealed record NobodyOnSite(Guid ActivationId, Guid LastWorkerId, Instant Since, string? LastWorkerName = null);

/// <summary>
/// The worker covering left with nobody taking over and nobody sought: a replacement is sought at once (round
/// <paramref name="Round"/>), as at a handover whose outgoing worker has already gone.
/// </summary>
public sealed record ReplacementSought(Guid ActivationId, int Round, Guid LeftWorkerId, Instant SoughtAt);

/// <summary>
/// Escalation's timer will say when to find the next worker: <paramref name="DueAt"/> is the lead time before the covering
/// worker's duty ends (<paramref name="DutyEndsAt"/>), or, when the rota shows no end soon, when to look again.
/// </summary>
public sealed record HandoverDueSet(Guid ActivationId, Guid WorkerId, Guid TimerId, Instant? DutyEndsAt, Instant DueAt, Instant SetAt);

/// <summary>When to find who relieves a companion (a place beyond the first), as <see cref="HandoverDueSet"/> is for the worker responsible.</summary>
public sealed record CompanionReliefDueSet(Guid ActivationId, Guid WorkerId, Guid TimerId, Instant? DutyEndsAt, Instant DueAt, Instant SetAt);

/// <summary>
/// A companion's duty ends soon: their place is offered ahead (round <paramref name="Round"/>); whoever accepts relieves
/// them, and the place is held throughout.
/// </summary>
public sealed record CompanionReliefSought(Guid ActivationId, int Round, Guid WorkerId, Instant DutyEndsAt, Instant SoughtAt);

/// <summary>The covering worker's duty ends soon: the next worker is sought (round <paramref name="Round"/>) to take over.</summary>
public sealed record HandoverSought(Guid ActivationId, int Round, Guid OutgoingWorkerId, Instant DutyEndsAt, Instant SoughtAt);

/// <summary>
/// Crisis intake closed the activation: nothing more is sought for it. Workers who had accepted but were not on site yet are
/// <paramref name="Released"/> (and told); a worker on site still texts LEFT.
/// </summary>
public sealed record DispatchClosed(Guid ActivationId, string Outcome, string ClosedBy, IReadOnlyList<Guid> Released, Instant ClosedAt);
