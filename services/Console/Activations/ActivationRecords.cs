using Cers.Dispatch.Console.Activations.DoorDetails;
using NodaTime;

namespace Cers.Dispatch.Console.Activations;

/// <summary>The activation as crisis intake gives it (GET /activations/{id}), as far as the coordinator's page reads it.</summary>
public sealed record ActivationShown(
    Guid Id,
    string? Status,
    string? Channel,
    string? CardNumber,
    string? Reason,
    ReporterShown? ReportedBy,
    string? CarerLocation,
    string? UrgentNotes,
    Instant OpenedAt,
    string? Identification,
    Guid? CarerId,
    string? CardStatus,
    bool? CardWorks,
    string? Area,
    int Reports,
    string? LongerTermCare,
    string? Outcome,
    Instant? ClosedAt,
    Instant? HandoverPackPreparedAt = null,
    Instant? HandoverPackSentAt = null)
{
    /// <summary>A pack was made ready (the cover limit near, longer-term care arranged) and has not been sent since.</summary>
    public bool HandoverPackDue => HandoverPackPreparedAt is { } prepared && !(HandoverPackSentAt >= prepared);
}

public sealed record ReporterShown(string? Agency, string? Name, string? CallBackNumber);

/// <summary>The carer as card lookup registers them (GET /carers/{id}).</summary>
public sealed record CarerShown(NameShown? Name, string? Area, string? CoverNote, IReadOnlyList<CaredForShown>? CaredFor);

public sealed record NameShown(string? First, string? Last)
{
    public override string ToString() => string.Join(' ', new[] { First, Last }.Where(p => !string.IsNullOrWhiteSpace(p)));
}

public sealed record CaredForShown(NameShown? Name, LocalDate? DateOfBirth, string? Relationship);

/// <summary>The emergency plan as card lookup shows it without the secrets (GET /carers/{id}/plan).</summary>
public sealed record PlanShown(
    int Version,
    LocalDate? ReviewDate,
    bool OverdueForReview,
    IReadOnlyList<DoorPersonCare>? People,
    IReadOnlyList<DoorMedication>? Medication,
    IReadOnlyList<string>? AidsAndEquipment,
    HomeAccessShown? HomeAccess,
    IReadOnlyList<DoorContact>? EmergencyContacts,
    IReadOnlyList<string>? RequiredSkills);

public sealed record HomeAccessShown(bool KeySafeFitted, string? Pets, string? Hazards, string? Accessibility);

/// <summary>Rostering's dispatch (GET /dispatches/{id}).</summary>
public sealed record DispatchShown(
    string? Status, string? WhyCarerUnknown, int EscalationLevel, Guid? AcceptedWorkerId, IReadOnlyList<OfferShown>? Offers, int PlacesNeeded = 1, int PlacesFilled = 0)
{
    /// <summary>A coordinator may offer while a place is open: nobody has accepted, or a plan for two has one.</summary>
    public bool HasOpenPlace => AcceptedWorkerId is null || PlacesFilled < PlacesNeeded;
}

public sealed record OfferShown(string? WorkerName, string? Status, string? ClosedWhy, Instant MadeAt, string? ChosenBy, Instant? DeadlineAt);

/// <summary>Rostering's ranking (GET /dispatches/{id}/candidates).</summary>
public sealed record CandidatesShown(string? Note, IReadOnlyList<string>? RequiredSkills, IReadOnlyList<CandidateShown>? Ranked, IReadOnlyList<CandidateShown>? Excluded);

public sealed record CandidateShown(int? Rank, Guid WorkerId, string? Name, double? DistanceKm, double? HoursWorkedThisWeek, IReadOnlyList<string>? Reasons);

/// <summary>One step of crisis intake's timeline (GET /activations/{id}/timeline).</summary>
public sealed record TimelineEntryShown(string? AtLondon, string? Source, string? Summary);

/// <summary>Everything the activation page shows, each part with why it could not be read when it could not.</summary>
public sealed record ActivationPageData(
    ActivationShown Activation,
    CarerShown? Carer,
    string? CarerProblem,
    PlanShown? Plan,
    string? PlanProblem,
    DispatchShown? Dispatch,
    bool DispatchNotStarted,
    string? DispatchProblem,
    CandidatesShown? Candidates,
    string? CandidatesProblem,
    IReadOnlyList<TimelineEntryShown>? Timeline,
    string? TimelineProblem);
