using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations;

public enum Channel
{
    PartnerApi,
    Phone,
    Console,
    PlannedCover,
}

public enum CannotCareReason
{
    AdmittedToHospital,
    Accident,
    Illness,
    Other,
}

/// <summary>Who reported: the agency (or channel), the person and a number to call them back on.</summary>
public sealed record Reporter(string Agency, string Name, string? CallBackNumber)
{
    public SealedReporter SealWith(SubjectKey key) => new(Agency, key.Seal(Name), key.SealOptional(CallBackNumber));
}

/// <summary>
/// The reporter as stored: the agency readable (the figures count reports by agency), the person's name and call-back
/// number (a phone-line caller's own number) sealed under the activation's key, so they go with the carer's erasure.
/// </summary>
public sealed record SealedReporter(string Agency, Sealed<string> Name, Sealed<string>? CallBackNumber)
{
    public Reporter Open(SubjectKey? key) => new(Agency, key.Show(Name), key.Show(CallBackNumber));
}

public sealed record ActivationOpened(
    Guid ActivationId,
    Channel Channel,
    string? CardNumber,
    CannotCareReason Reason,
    SealedReporter ReportedBy,
    Sealed<string>? CarerLocation,
    Sealed<string>? UrgentNotes,
    Instant OpenedAt);

/// <summary>
/// Card lookup recognised the card. A card that no longer works (lost, suspended) is still recorded: the coordinator needs
/// to know. <paramref name="IdentifiedBy"/> names the coordinator who found the card after it was not identified at first.
/// </summary>
public sealed record CardVerified(
    Guid ActivationId,
    string CardNumber,
    Guid CarerId,
    string CardStatus,
    bool CardWorks,
    string? Nation,
    string? Area,
    Instant VerifiedAt,
    string? IdentifiedBy = null);

/// <summary>No card could be identified (misheard, unknown, silence, or card lookup down); a coordinator identifies the carer.</summary>
public sealed record CardNotIdentified(Guid ActivationId, IReadOnlyList<string> Attempts, string Why, Instant At);

/// <summary>
/// Card lookup knows the card, but it is no longer in use (reported lost, revoked, suspended, or replaced by another):
/// whoever holds it may not be the carer. Nobody is sent until a coordinator confirms whose care this is (identifying the
/// carer, as for a card not identified).
/// </summary>
public sealed record CardNotInUse(Guid ActivationId, string CardNumber, Guid CardHolderId, string CardStatus, Instant At)
{
    public string Why => $"card {CardStatus.ToLowerInvariant() switch { "lost" => "reported lost", var other => other }}: confirm the carer before anyone is sent";
}

/// <summary>
/// The card was recognised from crisis intake's card index, card lookup not asked: card lookup keeps it in its lookup
/// record as if it had been. <paramref name="RequestedBy"/> is the caller's number, sealed.
/// </summary>
public sealed record CardRecognised(Guid ActivationId, string CardNumber, Guid CarerId, bool CardWorks, Channel Channel, Sealed<string>? RequestedBy, Instant At);

/// <summary>A second report about a carer whose activation is already open: it joins that activation, never starts another dispatch.</summary>
public sealed record ReportAttached(
    Guid ActivationId,
    Channel Channel,
    SealedReporter ReportedBy,
    CannotCareReason Reason,
    Sealed<string>? CarerLocation,
    Sealed<string>? UrgentNotes,
    Instant AttachedAt);

public sealed record CoordinatorDialled(Guid ActivationId, string CallSid, int Attempt, string Name, string Phone, string Role, Instant DialledAt);

public sealed record CoordinatorAnswered(Guid ActivationId, string CallSid, string Name, string Phone, Instant AnsweredAt);

public sealed record CoordinatorDidNotAnswer(Guid ActivationId, string CallSid, string Name, string Phone, string DialStatus, Instant At);

/// <summary>Twilio's status callback for the emergency call itself (ringing, in-progress, completed, ...).</summary>
public sealed record CallStatusRecorded(Guid ActivationId, string CallSid, string Status, int? DurationSeconds, Instant At);

public enum LongerTermArrangement
{
    Family,
    Friends,
    SocialServices,
    CarePackage,
    Other,
}

public sealed record LongerTermCareArranged(Guid ActivationId, LongerTermArrangement Arrangement, Sealed<string> Details, string ArrangedBy, Instant ArrangedAt);

public sealed record CoverEndedEarly(Guid ActivationId, string EndedBy, string Reason, Instant EndedAt);

/// <summary>A manager decided cover may run past its limit, to <paramref name="NewLimitAt"/>.</summary>
public sealed record CoverExtended(Guid ActivationId, Instant NewLimitAt, string DecidedBy, string Reason, Instant DecidedAt);

public sealed record NoteRecorded(Guid ActivationId, string By, Sealed<string> Text, Instant At);

public enum ActivationOutcome
{
    LongerTermCareInPlace,
    CarerAbleToCareAgain,
    CaredForPersonAdmitted,
    NoCoverNeeded,
    Other,
}

public sealed record ActivationClosed(Guid ActivationId, ActivationOutcome Outcome, string ClosedBy, Sealed<string>? Notes, Instant ClosedAt);

/// <summary>Something another service did for this activation, as that service reported it on the bus.</summary>
/// <summary>
/// A step another service reported. <paramref name="Details"/>, words someone wrote, is sealed with the activation's key
/// and shown where <see cref="DetailsGoHere"/> stands in the summary. <paramref name="DoneBy"/> names who took the step
/// (the worker, the supervisor, the coordinator who chose) or the service when it acted by itself; steps recorded before
/// it was kept have none. <paramref name="SourceSequence"/> and <paramref name="SourceStoredAt"/> are where and when its
/// own service stored the step, which order it on the timeline (<see cref="GettingTimeline.TimelineOrder"/>); steps
/// recorded before they were kept have neither and are ordered by when crisis intake recorded them.
/// </summary>
public sealed record ServiceReported(
    Guid ActivationId, string Source, string Step, string Summary, Guid MessageId, Instant At, Sealed<string>? Details = null, string? DoneBy = null,
    long? SourceSequence = null, Instant? SourceStoredAt = null)
{
    public const string DetailsGoHere = "{details}";

    public string Show(SubjectKey? key) => Details is null ? Summary : Summary.Replace(DetailsGoHere, key.Show(Details), StringComparison.Ordinal);
}

/// <summary>A safeguarding concern, in the words used, with the referral route that applies and the lead told at once.</summary>
public sealed record SafeguardingConcernRaised(
    Guid ActivationId,
    Guid ConcernId,
    string RaisedBy,
    string RaisedByRole,
    Safeguarding.SafeguardingSubject Subject,
    Safeguarding.HarmCategory Category,
    Sealed<string> Account,
    bool ImmediateDanger,
    Safeguarding.ReferralContact ReferralRoute,
    Safeguarding.ReferralContact Lead,
    Instant RaisedAt);

public sealed record SafeguardingLeadNotified(Guid ActivationId, Guid ConcernId, string LeadName, string LeadPhone, string MessageSid, bool Called, Instant NotifiedAt);

/// <summary>
/// The activation's personal data (where the carer is, urgent and coordinators' notes, safeguarding accounts) was made
/// unreadable by deleting its key: after the retention period, or when the carer asked to be forgotten.
/// </summary>
public sealed record PersonalDataShredded(Guid ActivationId, string Reason, Instant ShreddedAt);

/// <summary>Why a handover pack became due: social care or the family take over from here.</summary>
public enum HandoverPackOccasion
{
    CoverLimitNear,
    LongerTermCareArranged,
}

/// <summary>
/// A handover pack was made ready for the coordinator: the cover limit is near (<paramref name="HoursBeforeLimit"/>) or
/// longer-term care was arranged. The pack is built from the activation's steps each time it is opened, so it holds
/// nothing of its own to keep or to shred.
/// </summary>
public sealed record HandoverPackPrepared(Guid ActivationId, HandoverPackOccasion Occasion, int? HoursBeforeLimit, Instant PreparedAt);

public enum HandoverPackRecipient
{
    AdultSocialCare,
    ChildrensSocialCare,
    Family,
}

public enum HandoverPackDelivery
{
    SecureEmail,
    HandedOver,
    Post,
}

/// <summary>A coordinator sent the handover pack: to whom (the person's name sealed, a relative's name is personal data), how and by whom.</summary>
public sealed record HandoverPackSent(
    Guid ActivationId, HandoverPackRecipient To, Sealed<string> RecipientName, HandoverPackDelivery How, string SentBy, Instant SentAt);
