using Cers.Dispatch.ServiceDefaults;
using Marten;

namespace Cers.Dispatch.Rostering.Handovers.Listing;

/// <summary>GET /handovers?status= (oldest first) and GET /handovers/{id}: what supervisors review.</summary>
public static class GetHandoversSlice
{
    private const string All = "all";

    public static async Task<IResult> List(string? status, IQuerySession session, CancellationToken cancellationToken)
    {
        var wanted = string.IsNullOrWhiteSpace(status) ? All : status.Trim();
        if (wanted != All && !HandoverStatuses.All.Contains(wanted))
        {
            return ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"One of: {string.Join(", ", HandoverStatuses.All)}, {All}."],
            });
        }

        var query = session.Query<Handover>().AsQueryable();
        if (wanted != All)
        {
            query = query.Where(h => h.Status == wanted);
        }

        // Ordered here, not in SQL: instants are stored as ISO text, whose order is not time order when the fractions differ.
        var handovers = await query.ToListAsync(cancellationToken);
        return Results.Ok(handovers.OrderBy(h => h.HandedOverAt).ThenBy(h => h.Id).Select(HandoverView.From));
    }

    public static async Task<IResult> One(Guid handoverId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Handover>(handoverId, cancellationToken) is { } handover
            ? Results.Ok(HandoverView.From(handover))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No handover {handoverId}.");
}
