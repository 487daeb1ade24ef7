using NodaTime;

namespace Cers.Dispatch.Console.Activations.DoorDetails;

/// <summary>Card lookup's door details (GET /carers/{id}/door-details), as the console shows them.</summary>
public sealed record DoorDetails(
    int PlanVersion,
    DoorCarer? Carer,
    DoorAddress? Address,
    string? Area,
    IReadOnlyList<DoorCaredFor>? CaredFor,
    string? CoverNote,
    DoorAccess? Access,
    IReadOnlyList<DoorKeyItem>? KeyItems,
    IReadOnlyList<DoorPersonCare>? CareNeeds,
    IReadOnlyList<DoorMedication>? Medication,
    IReadOnlyList<string>? AidsAndEquipment,
    DoorGp? Gp,
    IReadOnlyList<DoorContact>? EmergencyContacts,
    bool PlanOverdueForReview,
    Instant? ShownAt,
    string? ShownTo);

public sealed record DoorCarer(string? FirstName, string? LastName, IReadOnlyList<DoorPhone>? Phones);

public sealed record DoorPhone(string? Label, string? Number);

public sealed record DoorAddress(string? Line1, string? Line2, string? Town, string? Postcode);

public sealed record DoorCaredFor(string? FirstName, string? LastName, int? Age, string? Relationship);

public sealed record DoorAccess(string? EntryInstructions, string? KeySafeCode, bool KeySafeFitted, string? Pets, string? Hazards, string? Accessibility);

public sealed record DoorKeyItem(string? Item, string? Location);

public sealed record DoorPersonCare(
    string? FirstName,
    string? LastName,
    string? CareNeeds,
    IReadOnlyList<string>? PersonalCareTasks,
    string? Mobility,
    string? MovingAndHandling,
    string? Communication,
    string? Diet,
    IReadOnlyList<string>? Allergies,
    IReadOnlyList<string>? HealthConditions);

public sealed record DoorMedication(string? Name, string? Dose, IReadOnlyList<LocalTime>? Times, string? Route, string? WhereKept, string? WhoMayGive)
{
    /// <summary>"08:00, 20:00".</summary>
    public string TimesShown => string.Join(", ", (Times ?? []).Select(t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
}

public sealed record DoorGp(string? Name, string? Practice, string? Phone);

public sealed record DoorContact(string? Name, string? Relationship, string? Phone);
