using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

/// <summary>What one named cared-for person needs. Only people named here and registered with the carer are covered.</summary>
public sealed record PersonCare(
    Guid PersonId,
    string CareNeeds,
    IReadOnlyList<string> PersonalCareTasks,
    string? Mobility,
    string? MovingAndHandling,
    string? Communication,
    string? Diet,
    IReadOnlyList<string> Allergies,
    IReadOnlyList<string> HealthConditions);

public sealed record Medication(
    Guid PersonId,
    string Name,
    string Dose,
    IReadOnlyList<LocalTime> Times,
    string Route,
    string WhereKept,
    string WhoMayGive);

public sealed record GeneralPractice(string Name, string Practice, string Phone);

/// <summary>
/// Getting into the home. The entry instructions and the key-safe code are secrets: they are kept in the plan's events
/// and never leave the service through a general read.
/// </summary>
public sealed record HomeAccess(
    string? EntryInstructions,
    string? KeySafeCode,
    bool KeySafeFitted,
    string? Pets,
    string? Hazards,
    string? Accessibility)
{
    public HomeAccess WithoutSecrets() => this with { EntryInstructions = null, KeySafeCode = null };
}

public sealed record KeyItem(string Item, string Location);

/// <summary>Family or friends who can step in, in the order to call them.</summary>
public sealed record EmergencyContact(int Order, string Name, string Relationship, string Phone);

public sealed record EmergencyPlan(
    IReadOnlyList<PersonCare> People,
    IReadOnlyList<Medication> Medication,
    IReadOnlyList<string> AidsAndEquipment,
    GeneralPractice Gp,
    HomeAccess HomeAccess,
    IReadOnlyList<KeyItem> KeyItems,
    IReadOnlyList<string> RequiredSkills,
    IReadOnlyList<EmergencyContact> EmergencyContacts,
    LocalDate ReviewDate)
{
    public EmergencyPlan WithoutSecrets() => this with { HomeAccess = HomeAccess.WithoutSecrets() };
}
