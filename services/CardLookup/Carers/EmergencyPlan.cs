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
    IReadOnlyList<NodaTime.LocalTime> Times,
    string Route,
    string WhereKept,
    string WhoMayGive);

public sealed record GeneralPractice(string Name, string Practice, string Phone);

/// <summary>Getting into the home, as anyone allowed a general read may see it: whether there is a key safe, never its code.</summary>
public sealed record HomeAccess(bool KeySafeFitted, string? Pets, string? Hazards, string? Accessibility);

/// <summary>
/// The entry instructions and the key-safe code: shown only through the door details, to a coordinator handling an
/// open activation for the carer or the worker who accepted it, and every showing is recorded.
/// </summary>
public sealed record DoorSecrets(string? EntryInstructions, string? KeySafeCode);

public sealed record KeyItem(string Item, string Location);

/// <summary>Family or friends who can step in, in the order to call them; one holding a key to the home lets cover in without the key safe.</summary>
public sealed record EmergencyContact(int Order, string Name, string Relationship, string Phone, bool HoldsKey = false);

/// <summary>The plan's content, sealed under the carer's key. Its outline (people, skills, review date) is kept in clear beside it.</summary>
public sealed record EmergencyPlan(
    IReadOnlyList<PersonCare> People,
    IReadOnlyList<Medication> Medication,
    IReadOnlyList<string> AidsAndEquipment,
    GeneralPractice Gp,
    HomeAccess HomeAccess,
    IReadOnlyList<KeyItem> KeyItems,
    IReadOnlyList<EmergencyContact> EmergencyContacts);
