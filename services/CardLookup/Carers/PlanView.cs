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

/// <summary>One version of the emergency plan as it may be shown to anyone allowed a general lookup.</summary>
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
    IReadOnlyList<EmergencyContact> EmergencyContacts)
{
    /// <summary>Null until the carer's first plan has been recorded.</summary>
    public static PlanView? Of(Carer carer, LocalDate today)
    {
        if (carer.Plan is not { } plan)
        {
            return null;
        }

        var names = carer.CaredFor.ToDictionary(p => p.PersonId, p => p.Name);
        return new PlanView(
            carer.Id,
            carer.PlanVersion,
            carer.PlanRecordedAt!.Value,
            plan.ReviewDate,
            carer.PlanOverdueForReview(today),
            CoverNoteFor(carer),
            plan.People.Select(p => new PersonCareView(
                p.PersonId, names[p.PersonId].First, names[p.PersonId].Last, p.CareNeeds, p.PersonalCareTasks, p.Mobility,
                p.MovingAndHandling, p.Communication, p.Diet, p.Allergies, p.HealthConditions)).ToList(),
            plan.Medication.Select(m => new MedicationView(m.PersonId, m.Name, m.Dose, m.Times, m.Route, m.WhereKept, m.WhoMayGive)).ToList(),
            plan.AidsAndEquipment,
            plan.Gp,
            new HomeAccessView(plan.HomeAccess.KeySafeFitted, plan.HomeAccess.Pets, plan.HomeAccess.Hazards, plan.HomeAccess.Accessibility),
            plan.KeyItems,
            plan.RequiredSkills,
            plan.EmergencyContacts);
    }

    /// <summary>Cover is for the named cared-for people only; responders must be told so before they arrive.</summary>
    public static string CoverNoteFor(Carer carer) =>
        carer.CaredFor.Count == 0
            ? "No cared-for person is registered: there is nobody this card covers yet."
            : $"Cover is for {string.Join(" and ", carer.CaredFor.Select(p => $"{p.Name.First} {p.Name.Last}"))} only. "
              + "Siblings or anyone else in the home are not covered.";
}
