using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.Rostering.Handovers.Listing;

/// <summary>
/// GET /handovers?status= (oldest first) and GET /handovers/{id}: what supervisors review. The notes are opened with their
/// activation's key, as is a supervisor's comment; once it is shredded the handover still lists, both reading as erased.
/// </summary>
public static class GetHandoversSlice
{
    private const string All = "all";

    public static async Task<IResult> List(string? status, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken)
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
        var keys = await vault.KeysAsync(session, handovers.SelectMany(HandoverView.SealedParts).KeyIds(), cancellationToken);
        return Results.Ok(handovers.OrderBy(h => h.HandedOverAt).ThenBy(h => h.Id).Select(h => HandoverView.From(h, keys)));
    }

    public static async Task<IResult> One(Guid handoverId, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken) =>
        await session.LoadAsync<Handover>(handoverId, cancellationToken) is { } handover
            ? Results.Ok(await ViewAsync(handover, session, vault, cancellationToken))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No handover {handoverId}.");

    public static async Task<HandoverView> ViewAsync(Handover handover, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken) =>
        HandoverView.From(handover, await vault.KeysAsync(session, HandoverView.SealedParts(handover).KeyIds(), cancellationToken));
}
