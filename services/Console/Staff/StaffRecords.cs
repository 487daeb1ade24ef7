using System.Text;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Contracts.CardLookup;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Console.Staff;

/// <summary>A person on the register as rostering gives them (GET /staff, GET /staff/{id}).</summary>
public sealed record PersonShown(
    Guid Id,
    string Name,
    string Phone,
    string Role,
    IReadOnlyList<string>? Skills,
    IReadOnlyList<TrainingShown>? Training,
    LocalDate? DbsCheckExpiresOn,
    IReadOnlyList<string>? Languages,
    LocationShown? HomeBase,
    bool Active,
    Instant RegisteredAt,
    DeactivationShown? Deactivation);

public sealed record TrainingShown(string Skill, LocalDate ExpiresOn);

public sealed record LocationShown(double Latitude, double Longitude);

public sealed record DeactivationShown(string Reason, string By, Instant At);

/// <summary>How a date something runs out on stands today: said in words, not only by colour.</summary>
public enum ExpiryState
{
    InDate,
    ExpiringSoon,
    Expired,
}

/// <summary>Rostering's words for roles and skills, and the register's dates, as people read them.</summary>
public static class StaffWords
{
    /// <summary>As rostering's daily alert check: expiries within this many days are raised with the duty manager.</summary>
    public const int SoonDays = 30;

    public static readonly (string Value, string Label)[] Roles =
    [
        ("care-worker", "Care worker"), ("coordinator", "Coordinator"), ("duty-manager", "Duty manager"),
    ];

    /// <summary>Skills whose training rostering checks (its alerts raise a missing or expired record for these).</summary>
    public static readonly IReadOnlySet<string> NeedTraining = new HashSet<string>(StringComparer.Ordinal)
    {
        Skills.MedicationAdministration, Skills.MovingAndHandling, Skills.PegFeeding,
    };

    public static IReadOnlyList<(string Value, string Label)> AllSkills { get; } = Skills.All.Select(s => (s, Skill(s))).ToList();

    public static string Role(string? role) => Roles.FirstOrDefault(r => r.Value == role).Label?.ToLowerInvariant() ?? role ?? "";

    public static string RolePlural(string role) => role switch
    {
        "care-worker" => "Care workers",
        "coordinator" => "Coordinators",
        "duty-manager" => "Duty managers",
        _ => role,
    };

    public static string Skill(string skill) => skill switch
    {
        Skills.PegFeeding => "PEG feeding",
        _ => skill.Replace('-', ' '),
    };

    public static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(LondonTime.London).Date;

    public static ExpiryState StateOf(LocalDate expiresOn, LocalDate today) =>
        expiresOn < today ? ExpiryState.Expired
        : expiresOn <= today.PlusDays(SoonDays) ? ExpiryState.ExpiringSoon
        : ExpiryState.InDate;

    /// <summary>"expired", "expires soon" or nothing: the words shown before the date.</summary>
    public static string? Flag(ExpiryState state) => state switch
    {
        ExpiryState.Expired => "Expired",
        ExpiryState.ExpiringSoon => "Expires soon",
        _ => null,
    };

    /// <summary>
    /// A refusal from rostering with each wrong field named by the label on the form ("Mobile phone: …"), not by its JSON
    /// name; fields the form does not know keep rostering's name.
    /// </summary>
    public static string? InPlainWords(ServiceAnswer answer, IReadOnlyDictionary<string, string> labels)
    {
        if (answer.FieldErrors() is not { } errors)
        {
            return answer.Problem;
        }

        var words = new StringBuilder(answer.Body!.Value.Text("title") is { } title ? title.TrimEnd('.') + "." : "Not accepted.");
        foreach (var (field, messages) in errors)
        {
            var label = labels.GetValueOrDefault(field)
                ?? labels.FirstOrDefault(l => field.StartsWith(l.Key + "[", StringComparison.Ordinal) || field.StartsWith(l.Key + ".", StringComparison.Ordinal)).Value
                ?? field;
            words.Append(' ').Append(label).Append(": ").Append(string.Join(" ", messages));
        }

        return words.ToString();
    }
}
