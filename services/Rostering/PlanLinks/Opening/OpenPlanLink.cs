using Cers.Dispatch.ServiceDefaults;
using System.Text.Json;
using Cers.Dispatch.Rostering.PlanLinks.DoorDetails;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks.Opening;

public sealed record PlanLinkPage(
    Guid ActivationId,
    Guid WorkerId,
    string WorkerName,
    string? Area,
    Instant ValidUntil,
    string CoverState,
    JsonElement? DoorDetails,
    string? DoorDetailsUnavailableReason);

/// <summary>
/// GET /plan-links/{token}: the worker opens the plan they were texted. The token is the credential. Every opening is
/// recorded with when and from where; a link that is unknown or no longer works records nothing.
/// </summary>
public static class OpenPlanLinkSlice
{
    private const int Attempts = 5;

    public static async Task<IResult> Handle(string token, HttpContext http, IDocumentStore store, DoorDetailsClient doors, IClock clock, CancellationToken cancellationToken)
    {
        FoundPlanLink found;
        await using (var query = store.QuerySession())
        {
            found = await PlanLinkLookup.FindAsync(query, token, clock.GetCurrentInstant(), cancellationToken);
        }

        if (found is not { Link: { } link, Dispatch: { } dispatch, Problem: null })
        {
            return found.Problem!;
        }

        await RecordOpeningAsync(store, link, http, clock.GetCurrentInstant(), cancellationToken);
        var door = await doors.GetAsync(dispatch.CarerId, link.ActivationId, link.WorkerId, link.WorkerName, cancellationToken);
        return Results.Ok(new PlanLinkPage(
            link.ActivationId, link.WorkerId, link.WorkerName, dispatch.Area, link.ValidUntil(), PlanLinkLookup.CoverStateOf(dispatch, link.WorkerId),
            door.Details, door.UnavailableReason));
    }

    private static async Task RecordOpeningAsync(IDocumentStore store, PlanLink link, HttpContext http, Instant now, CancellationToken cancellationToken)
    {
        // A trusted proxy's (the console's) X-Forwarded-For has already become the connection's address, and the proxy's
        // own address moved to X-Original-For (TrustedProxies); anyone else's header is kept as they sent it, believed nowhere.
        var from = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var viaProxy = Header(http, "X-Original-For", 200);
        var forwarded = viaProxy is null ? Header(http, "X-Forwarded-For", 200) : from;
        var opened = new PlanLinkOpened(link.Id, link.ActivationId, link.WorkerId, now, from, forwarded, viaProxy ?? from, Header(http, "User-Agent", 300), link.WorkerName);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.Events.Append(link.Id, opened);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (StreamConflicts.IsStreamMovedOn(e) && attempt < Attempts)
            {
                // Two openings at once (a double tap): both are kept, the second after the first.
            }
        }
    }

    private static string? Header(HttpContext http, string name, int maxLength) =>
        http.Request.Headers[name].ToString() is { Length: > 0 } value ? value[..Math.Min(value.Length, maxLength)] : null;
}
