using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

/// <summary>Getting in, without the secrets: whether there is a key safe, never its code or the entry instructions.</summary>
public sealed record HomeAccessView(bool KeySafeFitted, string? Pets, string? Hazards, string? Accessibility);

public sealed record PersonCareView(
    Guid PersonId,
    string FirstName,
    string LastName,
    string CareNeeds,
    IReadOnlyList<string> PersonalCareTasks,
    string? Mobility,
    string? MovingAndHandling,
    string? Communication,
    string? Diet,
    IReadOnlyList<string> Allergies,
    IReadOnlyList<string> HealthConditions);

public sealed record MedicationView(Guid PersonId, string Name, string Dose, IReadOnlyList<LocalTime> Times, string Route, string WhereKept, string WhoMayGive);

/// <summary>
/// One version of the emergency plan as it may be shown to anyone allowed a general lookup. After erasure it keeps its
/// shape: the outline (version, dates, skills, how many care workers at once, who it covered) stays, every personal value
/// reads "[erased]".
/// </summary>
public sealed record PlanView(
    Guid CarerId,
    int Version,
    Instant RecordedAt,
    LocalDate ReviewDate,
    bool OverdueForReview,
    string CoverNote,
    IReadOnlyList<PersonCareView> People,
    IReadOnlyList<MedicationView> Medication,
    IReadOnlyList<string> AidsAndEquipment,
    GeneralPractice Gp,
    HomeAccessView HomeAccess,
    IReadOnlyList<KeyItem> KeyItems,
    IReadOnlyList<string> RequiredSkills,
    IReadOnlyList<EmergencyContact> EmergencyContacts,
    int WorkersNeeded,
    bool Erased = false)
{
    /// <summary>Null until the carer's first plan has been recorded.</summary>
    public static PlanView? Of(OpenedCarer carer, LocalDate today)
    {
        if (carer.Plan is not { } plan || carer.Stored.PlanOutline is not { } outline)
        {
            return null;
        }

        var names = carer.CaredFor.ToDictionary(p => p.PersonId, p => p.Name);
        return new PlanView(
            carer.Id,
            carer.Stored.PlanVersion,
            carer.Stored.PlanRecordedAt!.Value,
            outline.ReviewDate,
            carer.Stored.PlanOverdueForReview(today),
            CoverNoteFor(carer),
            plan.People.Select(p => new PersonCareView(
                p.PersonId, names[p.PersonId].First, names[p.PersonId].Last, p.CareNeeds, p.PersonalCareTasks, p.Mobility,
                p.MovingAndHandling, p.Communication, p.Diet, p.Allergies, p.HealthConditions)).ToList(),
            plan.Medication.Select(m => new MedicationView(m.PersonId, m.Name, m.Dose, m.Times, m.Route, m.WhereKept, m.WhoMayGive)).ToList(),
            plan.AidsAndEquipment,
            plan.Gp,
            new HomeAccessView(plan.HomeAccess.KeySafeFitted, plan.HomeAccess.Pets, plan.HomeAccess.Hazards, plan.HomeAccess.Accessibility),
            plan.KeyItems,
            outline.RequiredSkills,
            plan.EmergencyContacts,
            outline.WorkersNeeded);
    }

    /// <summary>The plan of a carer whose data was erased: what was recorded when, for whom, needing which skills; nothing personal.</summary>
    public static PlanView? OfErased(Carer carer, LocalDate today)
    {
        if (carer.PlanOutline is not { } outline)
        {
            return null;
        }

        const string erased = Erasure.Marker;
        return new PlanView(
            carer.Id,
            carer.PlanVersion,
            carer.PlanRecordedAt!.Value,
            outline.ReviewDate,
            carer.PlanOverdueForReview(today),
            Erasure.CoverNote,
            outline.PersonIds.Select(id => new PersonCareView(id, erased, erased, erased, [], erased, erased, erased, erased, [], [])).ToList(),
            [],
            [],
            new GeneralPractice(erased, erased, erased),
            new HomeAccessView(false, erased, erased, erased),
            [],
            outline.RequiredSkills,
            [],
            outline.WorkersNeeded,
            Erased: true);
    }

    /// <summary>Cover is for the named cared-for people only; responders must be told so before they arrive.</summary>
    public static string CoverNoteFor(OpenedCarer carer) =>
        carer.CaredFor.Count == 0
            ? "No cared-for person is registered: there is nobody this card covers yet."
            : $"Cover is for {string.Join(" and ", carer.CaredFor.Select(p => $"{p.Name.First} {p.Name.Last}"))} only. "
              + "Siblings or anyone else in the home are not covered.";
}
