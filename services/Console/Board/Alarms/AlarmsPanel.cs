using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Console.Board.Alarms;

/// <summary>
/// The alarms at the top of the live board: every alarm nobody has answered for yet, who was paged and whose messages did
/// not get through, with "I have this" to answer for it; and the SMS providers that are failing. Loud until answered.
/// </summary>
public static class AlarmsPanel
{
    public static async Task<string> RenderAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var open = await session.Query<AlarmEntry>().Where(a => a.State == AlarmEntryState.Open).OrderBy(a => a.RaisedAt).ToListAsync(cancellationToken);
        var failing = await session.Query<ProviderState>().Where(p => p.Failing).ToListAsync(cancellationToken);
        var providers = string.Concat(failing.Select(p =>
            $"""<p class="problem provider-failing" role="alert" data-provider="{Html.E(p.Id)}">SMS and calls through <strong>{Html.E(p.Id)}</strong> are failing since {Html.E(LondonTime.Show(p.Since))}: {Html.E(p.Why)}. Messages are being retried until they go{(failing.Count > 1 ? "" : ", by another provider where one is set up")}.</p>"""));
        var rows = string.Concat(open.Select(Row));
        return $"""
            {providers}
            <table id="alarms" data-sounding="{(open.Count > 0 ? "true" : "false")}" {(open.Count == 0 ? "hidden" : "")}>
              <caption>Alarms waiting for someone to answer for them</caption>
              <thead><tr><th>Code</th><th>Alarm</th><th>Raised</th><th>Paged</th><th></th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            """;
    }

    /// <summary>GET /board/alarms: the panel alone, for the browser to swap in when an alarm changed.</summary>
    public static async Task<IResult> Fragment(IQuerySession session, CancellationToken cancellationToken) =>
        Results.Content(await RenderAsync(session, cancellationToken), "text/html; charset=utf-8");

    /// <summary>POST /alarms/{id}/acknowledge: "I have this", in the coordinator's name; back to the board (so a reload posts nothing).</summary>
    public static async Task<IResult> Acknowledge(Guid id, HttpContext http, ConsoleBackends services, IDocumentSession session, CancellationToken cancellationToken)
    {
        var answer = await services.Rostering.PostAsync($"/alarms/{id}/acknowledgement", new { acknowledgedBy = http.User.Identity?.Name ?? "console user" }, cancellationToken);
        if (answer.Ok && await session.LoadAsync<AlarmEntry>(id, cancellationToken) is { State: AlarmEntryState.Open } entry)
        {
            // Shown answered at once; rostering's own message confirms it a moment later.
            session.Store(entry with { State = AlarmEntryState.Acknowledged, AnsweredBy = $"{http.User.Identity?.Name} (console)" });
            await session.SaveChangesAsync(cancellationToken);
        }

        return Results.Redirect(answer.Ok || answer.Status == StatusCodes.Status409Conflict ? "/?done=acknowledged" : $"/?problem={Uri.EscapeDataString(answer.Problem ?? "not acknowledged")}");
    }

    private static string Row(AlarmEntry a)
    {
        var paged = a.Pages.Count == 0
            ? "<em>paging…</em>"
            : string.Join("<br>", a.Pages.TakeLast(6).Select(p => p.Why is null
                ? $"{Html.E(p.PersonName)} ({Html.E(Role(p.Role))}) by {Html.E(Channel(p.Channel))} at {Html.E(LondonTime.Show(p.At))}"
                : $"""<span class="failed">could not reach {Html.E(p.PersonName)} by {Html.E(Channel(p.Channel))}: {Html.E(p.Why)}</span>"""));
        var about = a.ActivationId is { } activation ? $""" <a href="/activations/{activation}">Open the activation</a>""" : "";
        return $"""
            <tr data-alarm="{a.Id}" class="alarm{(a.NobodyReached ? " unreached" : "")}">
              <td><strong>{Html.E(a.Code)}</strong></td>
              <td><strong>{Html.E(Kind(a.Kind))}</strong><br>{Html.E(a.Summary)}{about}</td>
              <td>{Html.E(LondonTime.Show(a.RaisedAt))}</td>
              <td>{paged}</td>
              <td>{Html.Form($"/alarms/{a.Id}/acknowledge", """<button type="submit">I have this</button>""")}</td>
            </tr>
            """;
    }

    public static string Kind(string kind) => kind switch
    {
        "cover-limit-warning" => "Cover limit coming",
        "cover-limit-breach" => "Cover limit passed",
        "no-worker-on-site-in-time" => "No worker on site in time",
        "nobody-on-site" => "Nobody on site",
        "staffing" => "Cannot staff automatically",
        "rota-problems" => "Rota problems",
        "card-guessing" => "Card guessing suspected",
        "safeguarding" => "Safeguarding concern",
        "message-not-delivered" => "Messages not getting through",
        _ => kind.Replace('-', ' '),
    };

    private static string Channel(string channel) => channel == "call" ? "phone call" : "SMS";

    private static string Role(string role) => role.Replace('-', ' ');

    public static Instant? Oldest(IReadOnlyList<AlarmEntry> open) => open.Count == 0 ? null : open.Min(a => a.RaisedAt);
}
