using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record PersonName(string First, string Last);

public sealed record Address(string Line1, string? Line2, string Town, string Postcode, double Latitude, double Longitude);

/// <summary>A phone number in E.164, with what it is ("mobile", "home", "work").</summary>
public sealed record Phone(string Label, string Number);

public sealed record CarerRegistered(
    Guid CarerId,
    PersonName Name,
    LocalDate DateOfBirth,
    Address Address,
    IReadOnlyList<Phone> Phones,
    string PreferredLanguage,
    string HubReference,
    bool ConsentToSharePlan,
    string RegisteredBy,
    Instant RegisteredAt);

public sealed record CaredForPersonRegistered(
    Guid CarerId,
    Guid PersonId,
    PersonName Name,
    LocalDate DateOfBirth,
    string Relationship,
    string RegisteredBy,
    Instant RegisteredAt);

public sealed record AssessmentBooked(Guid CarerId, Guid AssessmentId, LocalDateTime At, string Assessor, string BookedBy, Instant BookedAt);

public sealed record AssessmentCompleted(Guid CarerId, Guid AssessmentId, string Findings, string CompletedBy, Instant CompletedAt);

/// <summary>Where the plan applies, fixed when it is recorded, so other services can match staff to it without asking.</summary>
public sealed record CoverLocation(string Nation, string Area, double Latitude, double Longitude);

/// <summary>A new version of the emergency plan: the whole plan, so the plan as it stood at any moment is one event.</summary>
public sealed record EmergencyPlanRecorded(
    Guid CarerId,
    int Version,
    EmergencyPlan Plan,
    CoverLocation Location,
    string RecordedBy,
    Instant RecordedAt);
