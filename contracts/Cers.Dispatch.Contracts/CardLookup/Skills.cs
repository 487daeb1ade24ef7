namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>The skills an emergency plan can require of a responder; rostering matches staff on the same words.</summary>
public static class Skills
{
    public const string PersonalCare = "personal-care";
    public const string MedicationAdministration = "medication-administration";
    public const string MovingAndHandling = "moving-and-handling";
    public const string LearningDisability = "learning-disability";
    public const string Autism = "autism";
    public const string Dementia = "dementia";
    public const string Children = "children";
    public const string PegFeeding = "peg-feeding";
    public const string Epilepsy = "epilepsy";
    public const string MentalHealth = "mental-health";

    public static IReadOnlyList<string> All { get; } =
    [
        PersonalCare, MedicationAdministration, MovingAndHandling, LearningDisability, Autism,
        Dementia, Children, PegFeeding, Epilepsy, MentalHealth,
    ];
}
