using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Console.Board;

public static class BoardPage
{
    /// <summary>The live board: open activations, most urgent first, updated in the browser as messages arrive; narrowed by <paramref name="filter"/>.</summary>
    public static async Task<IResult> Handle(
        string? done, string? problem, [AsParameters] BoardFilter filter, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var alarms = await Alarms.AlarmsPanel.LoadAsync(session, cancellationToken);
        var open = await OpenEntries(session, cancellationToken);
        var shown = filter.Apply(open, WithAlarmWaiting(alarms), now);
        return Pages.Render<BoardView>(new
        {
            Entries = shown,
            Claims = await Claiming.ClaimingActivations.OnAsync(session, shown, cancellationToken),
            OpenCount = open.Count,
            Filter = filter,
            Alarms = alarms,
            Now = now,
            Done = done,
            Problem = problem,
        });
    }

    /// <summary>The board's rows as HTML, for the browser to swap in when something changed (with the page's filter).</summary>
    public static async Task<IResult> Rows([AsParameters] BoardFilter filter, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var withAlarmWaiting = filter.OnlyWithAlarms ? WithAlarmWaiting(await Alarms.AlarmsPanel.LoadAsync(session, cancellationToken)) : new HashSet<Guid>();
        var now = clock.GetCurrentInstant();
        var shown = filter.Apply(await OpenEntries(session, cancellationToken), withAlarmWaiting, now);
        return Pages.Render<BoardRows>(new { Entries = shown, Claims = await Claiming.ClaimingActivations.OnAsync(session, shown, cancellationToken), Now = now });
    }

    public static async Task<IResult> Json(IQuerySession session, CancellationToken cancellationToken) =>
        Results.Ok(await OpenEntries(session, cancellationToken));

    private static HashSet<Guid> WithAlarmWaiting(Alarms.AlarmsPanel.Contents alarms) =>
        alarms.Open.Where(a => a.ActivationId is not null).Select(a => a.ActivationId!.Value).ToHashSet();

    private static async Task<IReadOnlyList<BoardEntry>> OpenEntries(IQuerySession session, CancellationToken cancellationToken) =>
        BoardEntry.MostUrgentFirst(await session.Query<BoardEntry>().Where(e => e.State != BoardState.Closed).ToListAsync(cancellationToken)).ToList();

    public static string Describe(BoardEntry e) => e.Places is { } places ? $"{DescribeState(e)} ({places})" : DescribeState(e);

    private static string DescribeState(BoardEntry e) => e.State switch
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

    /// <summary>"47 h 05 min left", or "limit passed 2 h 10 min ago": the same words the page's clock writes every second.</summary>
    public static string TimeLeft(Duration left)
    {
        var size = left < Duration.Zero ? -left : left;
        var words = $"{(int)size.TotalHours} h {size.Minutes:00} min";
        return left >= Duration.Zero ? $"{words} left" : $"limit passed {words} ago";
    }

    public static string Ago(Duration d) =>
        d.TotalMinutes < 1 ? "under a minute" : d.TotalHours < 1 ? $"{(int)d.TotalMinutes} min" : $"{(int)d.TotalHours} h {d.Minutes} min";
}
