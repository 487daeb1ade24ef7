using Cers.Dispatch.Contracts.CardLookup;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Plans;

/// <summary>A plan's values as a person reads them: skills in words, times of day as 08:00, dates as 25 May 2027.</summary>
public static class PlanWords
{
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static IReadOnlyList<string> AllSkills => Skills.All;

    public static string Skill(string skill) => skill switch
    {
        Skills.PegFeeding => "PEG feeding",
        Skills.MedicationAdministration => "giving medication",
        _ => skill.Replace('-', ' '),
    };

    public static string SkillList(IEnumerable<string>? skills) => List(skills?.Select(Skill));

    public static string Times(IEnumerable<LocalTime>? times) => times is null ? "" : string.Join(", ", times.Select(t => Time.Format(t)));

    public static string Workers(int workersNeeded) => workersNeeded switch
    {
        1 => "One",
        2 => "Two (two-person transfer)",
        _ => workersNeeded.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Day(LocalDate date) => LondonTime.Show(date);

    /// <summary>"none" for an empty list, so a list emptied by a revision reads as a change.</summary>
    public static string List(IEnumerable<string>? items) => items?.ToList() is { Count: > 0 } list ? string.Join(", ", list) : "none";
}
