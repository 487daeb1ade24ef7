using Marten;

namespace Cers.Dispatch.CardLookup.Lookup.Guessing;

public static class ListCardGuessingAlertsSlice
{
    private const int MaxAlerts = 500;

    /// <summary>For supervisors: the card-guessing alerts, newest first.</summary>
    public static async Task<IResult> Handle(IQuerySession session, CancellationToken cancellationToken) =>
        Results.Ok(await session.Query<CardGuessingAlert>().OrderByDescending(a => a.RaisedAtUnixTicks).Take(MaxAlerts).ToListAsync(cancellationToken));
}
