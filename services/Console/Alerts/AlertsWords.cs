using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Console.Alerts;

public sealed record AlertRecipientShown(string Name, string? Phone, string? Role);

/// <summary>An alert to the duty manager as rostering lists it (GET /alerts).</summary>
public sealed record AlertShown(
    Guid Id,
    string Kind,
    string Summary,
    Instant RaisedAt,
    Instant? LastNotifiedAt,
    IReadOnlyList<AlertRecipientShown>? LastNotifiedTo,
    int TimesNotified,
    string? LastFailure,
    bool Open,
    Instant? ResolvedAt,
    string? ResolvedWhy);

/// <summary>What one check found (POST /alerts/check), as far as the page tells it.</summary>
public sealed record AlertCheckShown(Instant CheckedAt, int Raised, int Resolved, int Texted);

/// <summary>Card lookup's alert that one source tried several card numbers that are not issued (GET /alerts/card-guessing).</summary>
public sealed record CardGuessingShown(
    Guid Id, string Channel, string RequestedBy, int InvalidAttempts, int WindowMinutes, Instant FirstAttemptAt, Instant RaisedAt);

/// <summary>The alerts page's words: kinds, who was told, how an alert ended, where card guesses came from.</summary>
public static class AlertsWords
{
    public static string Kind(string kind) => kind switch
    {
        "rota-gap" => "Rota gap",
        "no-working-phone" => "No working phone",
        "dbs-check-expiry" => "DBS check",
        "training-expiry" => "Training",
        _ => "Other problem",
    };

    public static string Told(AlertShown alert)
    {
        var told = alert.LastNotifiedAt is { } at
            ? $"Texted {LondonTime.Show(at)} to {Names(alert.LastNotifiedTo)}{(alert.TimesNotified > 1 ? $" ({alert.TimesNotified} times so far)" : "")}."
            : "Not yet told.";
        return alert.LastFailure is { } why
            ? $"{told} The last try to tell them failed: {why.Replace("no Paging:Fallback is configured", "no fallback number is set up", StringComparison.Ordinal)}"
            : told;
    }

    public static string State(AlertShown alert) =>
        alert.Open ? "open" : $"resolved {(alert.ResolvedAt is { } at ? LondonTime.Show(at) : "")} ({alert.ResolvedWhy ?? "no longer applies"})";

    public static string From(CardGuessingShown alert) => alert.Channel switch
    {
        "Phone" => $"a phone call from {alert.RequestedBy}",
        "Partner" => $"the partner agency {alert.RequestedBy}",
        "Console" => $"{alert.RequestedBy} at the console",
        _ => alert.RequestedBy,
    };

    public static string Guesses(CardGuessingShown alert) =>
        $"{alert.InvalidAttempts} card numbers that are not issued, within {alert.WindowMinutes} minutes";

    /// <summary>The notice after "Check now", from the counts the check answered (numbers only come from the address).</summary>
    public static string Checked(int raised, int resolved, int texted) =>
        $"Checked now: {Count(raised, "new alert")} raised, {resolved} resolved. "
        + (texted > 0
            ? $"The duty managers on call were paged about {Count(texted, "alert")} until one of them answers."
            : raised > 0 ? "Nobody could be paged about them: see each alert below." : "Nobody needed paging.");

    private static string Names(IReadOnlyList<AlertRecipientShown>? people) =>
        people is { Count: > 0 } ? string.Join(", ", people.Select(p => p.Role is { } role ? $"{p.Name} ({role.Replace('-', ' ')})" : p.Name)) : "nobody";

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
