using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Marten;

namespace Cers.Dispatch.Console.Board.Alarms;

/// <summary>
/// The alarms at the top of the live board: every alarm nobody has answered for yet, who was paged and whose messages did
/// not get through, with "I have this" to answer for it; and the SMS providers that are failing. Loud until answered.
/// </summary>
public static class AlarmsPanel
{
    /// <summary>What the panel shows: the alarms nobody has answered for yet, oldest first, and the failing providers.</summary>
    public sealed record Contents(IReadOnlyList<AlarmEntry> Open, IReadOnlyList<ProviderState> FailingProviders);

    public static async Task<Contents> LoadAsync(IQuerySession session, CancellationToken cancellationToken) => new(
        await session.Query<AlarmEntry>().Where(a => a.State == AlarmEntryState.Open).OrderBy(a => a.RaisedAt).ToListAsync(cancellationToken),
        await session.Query<ProviderState>().Where(p => p.Failing).ToListAsync(cancellationToken));

    /// <summary>GET /board/alarms: the panel alone, for the browser to swap in when an alarm changed.</summary>
    public static async Task<IResult> Fragment(IQuerySession session, CancellationToken cancellationToken) =>
        Pages.Render<AlarmsPanelView>(new { Panel = await LoadAsync(session, cancellationToken) });

    /// <summary>
    /// POST /alarms/{id}/acknowledge: "I have this", in the coordinator's name; back to the board (so a reload posts
    /// nothing). Takes the form so that its antiforgery token is checked: another site cannot stop an alarm's paging.
    /// </summary>
    public static async Task<IResult> Acknowledge(
        Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, IDocumentSession session, CancellationToken cancellationToken)
    {
        _ = form;
        var answer = await services.Rostering.PostAsync($"/alarms/{id}/acknowledgement", new { acknowledgedBy = http.User.Identity?.Name ?? "console user" }, cancellationToken);
        if (answer.Ok && await session.LoadAsync<AlarmEntry>(id, cancellationToken) is { State: AlarmEntryState.Open } entry)
        {
            // Shown answered at once; rostering's own message confirms it a moment later.
            session.Store(entry with { State = AlarmEntryState.Acknowledged, AnsweredBy = $"{http.User.Identity?.Name} (console)" });
            await session.SaveChangesAsync(cancellationToken);
        }

        return Results.Redirect(answer.Ok || answer.Status == StatusCodes.Status409Conflict ? "/?done=acknowledged" : $"/?problem={Uri.EscapeDataString(answer.Problem ?? "not acknowledged")}");
    }

    public static string Kind(string kind) => kind switch
    {
        "cover-limit-warning" => "Cover limit coming",
        "cover-limit-breach" => "Cover limit passed",
        "no-worker-on-site-in-time" => "No worker on site in time",
        "nobody-on-site" => "Nobody on site",
        "short-handed" => "Fewer on site than the plan needs",
        "staffing" => "Cannot staff automatically",
        "rota-problems" => "Rota problems",
        "card-guessing" => "Card guessing suspected",
        "cards-not-ready" => "Cards that cannot be served",
        "safeguarding" => "Safeguarding concern",
        "message-not-delivered" => "Messages not getting through",
        _ => kind.Replace('-', ' '),
    };

    public static string Channel(string channel) => channel == "call" ? "phone call" : "SMS";

    public static string Role(string role) => role.Replace('-', ' ');
}
