using System.Globalization;
using Cers.Dispatch.Console.Backends;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Register;

/// <summary>The register's values as people read them, and card lookup's refusals named by the form's own labels.</summary>
public static class RegisterWording
{
    private static readonly LocalDateTimePattern Appointment = LocalDateTimePattern.CreateWithInvariantCulture("ddd d MMM uuuu HH:mm");

    public static readonly (string Value, string Label)[] SuspensionReasons =
    [
        ("MovedAway", "the carer moved away"), ("RegistrationLapsed", "the registration lapsed"), ("Other", "another reason (say which)"),
    ];

    public static readonly (string Value, string Label)[] LossKinds = [("lost", "lost"), ("stolen", "stolen")];

    public static readonly (string Value, string Label)[] ContactConfirmations = [("phoned", "phoned"), ("in-person", "in person"), ("sms-reply", "SMS reply")];

    public static readonly (string Value, string Label)[] ConsentAnswers = [("true", "yes, the plan may be shared"), ("false", "no, it may not be shared")];

    /// <summary>Whether the current plan's emergency contacts were reached on their numbers, and when and how it was last done.</summary>
    public static string ContactsConfirmed(RegisteredCarer carer) => (carer.ContactsConfirmed, carer.PlanContactsConfirmedAt) switch
    {
        (null, _) => carer.PlanVersion > 0 ? "Not confirmed yet." : "No plan yet: there are no emergency contacts to confirm.",
        ({ } last, not null) when last.PlanVersion == carer.PlanVersion => $"Confirmed {Confirmation(last)}.",
        ({ } last, not null) => $"Confirmed {Confirmation(last)}; version {carer.PlanVersion} has the same numbers.",
        ({ } last, null) => $"Not confirmed for version {carer.PlanVersion}: a number changed since they were last confirmed {Confirmation(last)}.",
    };

    public static string ConsentRecorded(RegisteredCarer carer) =>
        $"{(carer.ConsentToSharePlan ? "Yes, the carer agreed" : "No, the carer did not agree")}"
        + (carer.ConsentRecordedAt is { } at ? $", last said on {Cers.Dispatch.ServiceDefaults.LondonTime.Show(at)}" : "");

    private static string Confirmation(ContactsConfirmationShown confirmation) =>
        $"on {Cers.Dispatch.ServiceDefaults.LondonTime.Show(confirmation.ConfirmedAt)} ({ContactConfirmations.FirstOrDefault(c => c.Value == confirmation.How).Label ?? confirmation.How}) for plan version {confirmation.PlanVersion}";

    public static string CardStatus(string? status) => status switch
    {
        "Active" => "working",
        "Suspended" => "suspended: does not work until reinstated",
        "Lost" => "reported lost: does not work",
        "Stolen" => "reported stolen: does not work",
        "Replaced" => "replaced: does not work",
        "Withdrawn" => "withdrawn when the carer's data was erased: does not work",
        null => "unknown",
        var other => Supervision.Wording.Words(other).ToLowerInvariant(),
    };

    /// <summary>The card's state with what the service says of why: "Suspended (the carer moved away: note)".</summary>
    public static string CardStatus(CardShown card) => card.Status switch
    {
        "Active" => "Working",
        "Suspended" => $"Suspended ({SuspensionWords(card.StatusReason)}): does not work until reinstated",
        "Replaced" => $"Replaced by {Grouped(card.ReplacedByCardNumber)}: does not work",
        _ => Capitalised(CardStatus(card.Status)),
    };

    /// <summary>The service's own sentence of why a card stopped, when it adds to the state ("Reported lost by Ada Admin").</summary>
    public static string? CardHistory(CardShown card) => card.Status switch
    {
        "Lost" or "Stolen" or "Withdrawn" => card.StatusReason,
        "Replaced" when card.StatusReason is { } reason && reason.StartsWith("Replaced after: ", StringComparison.Ordinal) =>
            $"Replaced after it was {Uncapitalised(reason["Replaced after: ".Length..])}",
        _ => null,
    };

    public static string Nation(string? nation) => nation switch
    {
        "scotland" => "Scotland",
        "northern-ireland" => "Northern Ireland",
        "england-and-wales" => "England and Wales",
        _ => nation ?? "",
    };

    public static string Date(LocalDate? date) => date is { } d ? Cers.Dispatch.ServiceDefaults.LondonTime.Show(d) : "";

    public static string Time(LocalDateTime at) => $"{Appointment.Format(at)} (UK time)";

    public static string Age(LocalDate? born, LocalDate today) =>
        born is { } b && b <= today ? $"(aged {Period.Between(b, today, PeriodUnits.Years).Years})" : "";

    /// <summary>"4921 7730 5518" from the digits.</summary>
    public static string Grouped(string? digits) =>
        string.IsNullOrEmpty(digits) ? "" : string.Join(' ', digits.Chunk(4).Select(chunk => new string(chunk)));

    /// <summary>
    /// A refusal in plain words: the problem's title and detail, and each wrong field under the label the form shows it
    /// with ("Date of birth: A date of birth in the past."), not the API's name for it.
    /// </summary>
    public static string? Refusal(ServiceAnswer answer, IReadOnlyDictionary<string, string> labels)
    {
        if (answer.FieldErrors() is not { } errors)
        {
            return answer.Problem;
        }

        var words = new List<string>();
        if (answer.Body!.Value.Text("title") is { } title)
        {
            words.Add(title);
        }

        words.AddRange(errors.Select(e => $"{labels.GetValueOrDefault(e.Field) ?? e.Field}: {string.Join(" ", e.Messages)}"));
        return string.Join(" ", words);
    }

    private static string SuspensionWords(string? reason)
    {
        var (name, note) = reason?.Split(": ", 2) is [var n, var rest] ? (n, rest) : (reason, null);
        var words = SuspensionReasons.FirstOrDefault(r => r.Value == name).Label ?? Supervision.Wording.Words(name).ToLowerInvariant();
        words = name == "Other" ? "another reason" : words;
        return note is null ? words : $"{words}: {note}";
    }

    private static string Capitalised(string words) => words.Length == 0 ? words : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];

    private static string Uncapitalised(string words) => words.Length == 0 ? words : char.ToLower(words[0], CultureInfo.InvariantCulture) + words[1..];
}
