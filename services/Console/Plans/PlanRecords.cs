using NodaTime;

namespace Cers.Dispatch.Console.Plans;

public sealed record PersonNameShown(string First, string Last)
{
    public override string ToString() => $"{First} {Last}";
}

public sealed record CaredForShown(Guid PersonId, PersonNameShown Name, string? Relationship);

public sealed record AssessmentShown(Guid AssessmentId, string? Assessor, bool Done);

/// <summary>The register entry as card lookup shows it (GET /carers/{id}): who the plan is for, and whether it may be written yet.</summary>
public sealed record CarerShown(
    Guid CarerId, PersonNameShown Name, IReadOnlyList<CaredForShown>? CaredFor, IReadOnlyList<AssessmentShown>? Assessments, int PlanVersion, bool Erased)
{
    public IReadOnlyList<CaredForShown> People => CaredFor ?? [];

    public bool AssessmentDone => Assessments?.Any(a => a.Done) == true;

    /// <summary>The carer's name, or once erased (when it reads "[erased]") what they are to the page.</summary>
    public string Called => Erased ? "this erased carer" : Name.ToString();
}

public sealed record PersonCareShown(
    Guid PersonId,
    string FirstName,
    string LastName,
    string CareNeeds,
    IReadOnlyList<string>? PersonalCareTasks,
    string? Mobility,
    string? MovingAndHandling,
    string? Communication,
    string? Diet,
    IReadOnlyList<string>? Allergies,
    IReadOnlyList<string>? HealthConditions);

public sealed record MedicineShown(Guid PersonId, string Name, string Dose, IReadOnlyList<LocalTime>? Times, string Route, string WhereKept, string WhoMayGive);

public sealed record GpShown(string? Name, string? Practice, string? Phone);

/// <summary>Card lookup never gives the entry instructions or the key-safe code here, only whether a key safe is fitted.</summary>
public sealed record HomeAccessShown(bool KeySafeFitted, string? Pets, string? Hazards, string? Accessibility);

public sealed record KeyItemShown(string Item, string Location);

public sealed record EmergencyContactShown(int Order, string Name, string Relationship, string Phone, bool HoldsKey = false);

/// <summary>
/// One version of the emergency plan as card lookup shows it (GET /carers/{id}/plan[?asOf=]). <c>WorkersNeeded</c>: how
/// many care workers it needs at once; one when card lookup does not say.
/// </summary>
public sealed record PlanShown(
    Guid CarerId,
    int Version,
    Instant RecordedAt,
    LocalDate ReviewDate,
    bool OverdueForReview,
    string? CoverNote,
    IReadOnlyList<PersonCareShown>? People,
    IReadOnlyList<MedicineShown>? Medication,
    IReadOnlyList<string>? AidsAndEquipment,
    GpShown? Gp,
    HomeAccessShown? HomeAccess,
    IReadOnlyList<KeyItemShown>? KeyItems,
    IReadOnlyList<string>? RequiredSkills,
    IReadOnlyList<EmergencyContactShown>? EmergencyContacts,
    bool Erased,
    int WorkersNeeded = 1);

/// <summary>One entry of GET /carers/{id}/plan/versions; <c>StoredAt</c> is the instant to ask for that version again.</summary>
public sealed record PlanVersionShown(
    int Version, Instant RecordedAt, Instant StoredAt, string RecordedBy, LocalDate ReviewDate, IReadOnlyList<string>? RequiredSkills, bool Erased,
    int WorkersNeeded = 1);
