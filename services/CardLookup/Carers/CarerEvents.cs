using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record PersonName(string First, string Last);

public sealed record Address(string Line1, string? Line2, string Town, string Postcode, double Latitude, double Longitude);

/// <summary>A phone number in E.164, with what it is ("mobile", "home", "work").</summary>
public sealed record Phone(string Label, string Number);

/// <summary>Who the carer is and how to reach them. Sealed under the carer's key wherever it is stored.</summary>
public sealed record CarerDetails(
    PersonName Name,
    LocalDate DateOfBirth,
    Address Address,
    IReadOnlyList<Phone> Phones,
    string PreferredLanguage,
    string HubReference);

/// <remarks>
/// In clear: the nation and area (postcode district and town) that matching, SMS to staff and the anonymous figures
/// need, the consent flag, and who registered them. Everything identifying is in <see cref="Details"/>.
/// </remarks>
public sealed record CarerRegistered(
    Guid CarerId,
    Sealed<CarerDetails> Details,
    string Nation,
    string Area,
    bool ConsentToSharePlan,
    string RegisteredBy,
    Instant RegisteredAt);

public sealed record CaredForDetails(PersonName Name, LocalDate DateOfBirth, string Relationship);

public sealed record CaredForPersonRegistered(
    Guid CarerId,
    Guid PersonId,
    Sealed<CaredForDetails> Details,
    string RegisteredBy,
    Instant RegisteredAt);

/// <summary>The appointment and the assessor (a member of staff) are not the carer's personal data; the findings are.</summary>
public sealed record AssessmentBooked(Guid CarerId, Guid AssessmentId, LocalDateTime At, string Assessor, string BookedBy, Instant BookedAt);

public sealed record AssessmentCompleted(Guid CarerId, Guid AssessmentId, Sealed<string> Findings, string CompletedBy, Instant CompletedAt);

/// <summary>
/// Where the plan applies, fixed when it is recorded, so other services can match staff to it without asking. The
/// coordinates are rounded to 0.01° (about a kilometre): enough to rank staff by distance, too coarse to find the home.
/// </summary>
public sealed record CoverLocation(string Nation, string Area, double Latitude, double Longitude)
{
    public static CoverLocation Coarse(string nation, string area, double latitude, double longitude) =>
        new(nation, area, Math.Round(latitude, 2), Math.Round(longitude, 2));
}

/// <summary>
/// What matching and the plan history need without opening the plan: who it covers, the skills, the review date, and how
/// many care workers it needs at once (two for a two-person transfer; outlines stored before it was asked read as one).
/// </summary>
public sealed record PlanOutline(IReadOnlyList<Guid> PersonIds, IReadOnlyList<string> RequiredSkills, LocalDate ReviewDate, int WorkersNeeded = 1);

/// <summary>
/// A new version of the emergency plan: the whole plan, so the plan as it stood at any moment is one event. The plan
/// and the door secrets are sealed separately, so a general read never even decrypts the key-safe code.
/// </summary>
/// <remarks>
/// What readiness needs is kept in clear beside the seals, none of it personal: whether a key safe with its code or a
/// key-holding contact is on file, how many emergency contacts there are, and the confirmation of their numbers carried
/// over from the version that was confirmed (null when the numbers differ from it). Versions recorded before these
/// existed have them null.
/// </remarks>
public sealed record EmergencyPlanRecorded(
    Guid CarerId,
    int Version,
    PlanOutline Outline,
    Sealed<EmergencyPlan> Plan,
    Sealed<DoorSecrets> Secrets,
    CoverLocation Location,
    string RecordedBy,
    Instant RecordedAt,
    bool? KeyAccessOnFile = null,
    int? EmergencyContacts = null,
    Instant? ContactsConfirmedAt = null);

/// <summary>How the emergency contacts were reached on the numbers the plan gives for them.</summary>
public enum ConfirmationMethod
{
    Phoned,
    InPerson,
    SmsReply,
}

/// <summary>Someone reached every emergency contact of plan version <paramref name="PlanVersion"/> on the number recorded for them.</summary>
public sealed record EmergencyContactsConfirmed(Guid CarerId, int PlanVersion, ConfirmationMethod How, string ConfirmedBy, Instant ConfirmedAt);

/// <summary>The carer said again whether their plan may be shared with the staff who cover (first said at registration).</summary>
public sealed record PlanConsentConfirmed(Guid CarerId, bool ConsentToSharePlan, string ConfirmedBy, Instant ConfirmedAt);

public enum ErasureGround
{
    /// <summary>The carer (or someone for them) asked: the right to erasure.</summary>
    Request,

    /// <summary>The retention period passed (docs/services/card-lookup.md, "Retention").</summary>
    Retention,
}

/// <summary>The carer's key was shredded: every sealed value of theirs, in this stream and elsewhere, is now unreadable.</summary>
public sealed record CarerErased(Guid CarerId, ErasureGround Ground, string Reason, string ErasedBy, Instant ErasedAt);

/// <summary>Everything held about the carer was exported for them (a data-subject access request).</summary>
public sealed record CarerDataExported(Guid CarerId, string ExportedBy, Instant ExportedAt);
