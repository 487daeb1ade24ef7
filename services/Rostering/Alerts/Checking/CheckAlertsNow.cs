using System.Security.Claims;
using Cers.Dispatch.Rostering.Staff;

namespace Cers.Dispatch.Rostering.Alerts.Checking;

/// <summary>POST /alerts/check: an administrator runs the check now (after fixing a rota, or to see what the morning will bring).</summary>
public static class CheckAlertsNowSlice
{
    public static async Task<IResult> Handle(ClaimsPrincipal user, AlertCheck check, CancellationToken cancellationToken) =>
        Results.Ok(await check.RunAsync($"requested by {Caller.NameOf(user)}", null, cancellationToken));
}
