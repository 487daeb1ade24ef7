using Marten;

namespace Cers.Dispatch.Rostering.Alarms.Listing;

public static class GetAlarmsSlice
{
    /// <summary>GET /alarms?open=true&amp;activationId=: the alarms, newest first (open ones only, or one activation's).</summary>
    public static async Task<IResult> Handle(bool? open, Guid? activationId, IQuerySession session, CancellationToken cancellationToken)
    {
        var query = session.Query<Alarm>().AsQueryable();
        if (open == true)
        {
            query = query.Where(a => a.State == AlarmState.Open);
        }

        if (activationId is { } id)
        {
            query = query.Where(a => a.ActivationId == id);
        }

        var alarms = await query.OrderByDescending(a => a.RaisedAt).Take(500).ToListAsync(cancellationToken);
        return Results.Ok(alarms);
    }

    public static async Task<IResult> One(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Alarm>(id, cancellationToken) is { } alarm
            ? Results.Ok(alarm)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no alarm {id}.");
}
