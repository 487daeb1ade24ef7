using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.ServiceDefaults;
using Marten;

namespace Cers.Dispatch.Rostering.Alerts.Listing;

/// <summary>GET /alerts?open=true|false: the alerts (open ones first, oldest first), with whom they were texted to and why they resolved.</summary>
public static class GetAlertsSlice
{
    public static async Task<IResult> Handle(string? open, IQuerySession session, CancellationToken cancellationToken)
    {
        bool? onlyOpen = open?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (open is not null && onlyOpen is null)
        {
            var v = new Validation();
            v.Fail("open", "true (open alerts only) or false (resolved ones only); leave it out for all.");
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        var query = session.Query<Alert>().AsQueryable();
        if (onlyOpen is { } wanted)
        {
            query = query.Where(a => a.Open == wanted);
        }

        var alerts = await query.OrderByDescending(a => a.Open).ThenBy(a => a.RaisedAt).ToListAsync(cancellationToken);
        return Results.Ok(alerts);
    }
}
