using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Console.Board;

public static class BoardPage
{
    /// <summary>The live board: open activations, most urgent first, updated in the browser as messages arrive.</summary>
    public static async Task<IResult> Handle(string? done, string? problem, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var open = await OpenEntries(session, cancellationToken);
        var body = $"""
            <h1>Live board</h1>
            {Html.Notice(done == "acknowledged" ? "Alarm acknowledged: paging has stopped and it is yours." : null)}{Html.Problem(problem)}
            <section id="alarm-panel" aria-live="assertive">{await Alarms.AlarmsPanel.RenderAsync(session, cancellationToken)}</section>
            <p class="meta">Open activations, most urgent first. Updates by itself; times are UK time.</p>
            <table id="board">
              <thead><tr><th>Opened</th><th>State</th><th>Card</th><th>Area</th><th>Reason</th><th>Reported by</th><th>Cover limit</th><th>Escalations</th></tr></thead>
              <tbody>{string.Concat(open.Select(e => Row(e, clock.GetCurrentInstant())))}</tbody>
            </table>
            <p id="empty" {(open.Count == 0 ? "" : "hidden")}>No open activations.</p>
            """;
        return Html.Page("Live board", body, """
            <script src="/lib/signalr.min.js"></script>
            <script src="/js/board.js"></script>
            """);
    }

    /// <summary>The board's rows as HTML, for the browser to swap in when something changed.</summary>
    public static async Task<IResult> Rows(IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var open = await OpenEntries(session, cancellationToken);
        return Results.Content(string.Concat(open.Select(e => Row(e, clock.GetCurrentInstant()))), "text/html; charset=utf-8");
    }

    public static async Task<IResult> Json(IQuerySession session, CancellationToken cancellationToken) =>
        Results.Ok(await OpenEntries(session, cancellationToken));

    private static async Task<IReadOnlyList<BoardEntry>> OpenEntries(IQuerySession session, CancellationToken cancellationToken) =>
        BoardEntry.MostUrgentFirst(await session.Query<BoardEntry>().Where(e => e.State != BoardState.Closed).ToListAsync(cancellationToken)).ToList();

    private static string Row(BoardEntry e, Instant now)
    {
        var since = now - e.OpenedAt;
        var limit = e.LimitAt is { } at
            ? $"""<span class="countdown" data-limit="{Html.E(NodaTime.Text.InstantPattern.ExtendedIso.Format(at))}">{Html.E(LondonTime.Show(at))}</span> ({e.LimitHours} h)"""
            : "not started";
        return $"""
            <tr data-activation="{e.Id}" class="state-{Html.E(e.State)}{(e.Escalations > 0 ? " escalated" : "")}">
              <td><a href="/activations/{e.Id}">{Html.E(LondonTime.Show(e.OpenedAt))}</a><br><small>{Html.E(Ago(since))} ago</small></td>
              <td>{Html.E(Describe(e))}</td>
              <td>{Html.E(e.CardNumber ?? "none")}</td>
              <td>{Html.E(e.Area ?? "")}</td>
              <td>{Html.E(e.Reason)}</td>
              <td>{Html.E(e.ReportedBy)}<br><small>{Html.E(e.Channel)}</small></td>
              <td>{limit}</td>
              <td>{(e.Escalations > 0 ? $"<strong>{e.Escalations}</strong> {Html.E(e.LastEscalation)}" : "")}</td>
            </tr>
            """;
    }

    private static string Describe(BoardEntry e) => e.State switch
    {
        BoardState.CardNotIdentified => e.CardProblem is { } problem && problem.StartsWith("card ", StringComparison.Ordinal)
            ? $"Card {problem[5..]}"
            : "Card not identified: identify the carer",
        BoardState.NobodyOnSite => "Nobody on site: replacement sought" + (e.OfferTo is { } to ? $", offer out to {to}" : ""),
        BoardState.AwaitingCardCheck => "Awaiting card check",
        BoardState.FindingStaff => "Finding staff",
        BoardState.OfferOut => $"Offer out to {e.OfferTo}" + (e.OfferUntil is { } until ? $", answer by {LondonTime.Show(until)}" : ""),
        BoardState.StaffOnTheWay => "Staff on the way",
        BoardState.CoverInProgress => "Cover in progress",
        _ => e.State.ToString(),
    };

    private static string Ago(Duration d) =>
        d.TotalMinutes < 1 ? "under a minute" : d.TotalHours < 1 ? $"{(int)d.TotalMinutes} min" : $"{(int)d.TotalHours} h {d.Minutes} min";
}
