using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Retention;

public static class RunSweepSlice
{
    /// <summary>POST /retention/sweeps: sweep now (the daily timer does the same), e.g. after changing the retention period.</summary>
    public static async Task<IResult> Handle(HttpContext http, RetentionSweep sweep, IClock clock, CancellationToken cancellationToken) =>
        Results.Ok(await sweep.RunAsync($"requested by {http.User.Identity?.Name ?? "unknown"}", clock.GetCurrentInstant(), cancellationToken));
}

public static class ListSweepsSlice
{
    /// <summary>GET /retention/sweeps: every sweep, newest first, with what it shredded (the anonymous counts).</summary>
    public static async Task<IResult> Handle(IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(RetentionStream.Id, token: cancellationToken);
        return Results.Ok(events.Select(e => e.Data).OfType<RetentionSweepCompleted>().OrderByDescending(s => s.CompletedAt).ToList());
    }
}
