using System.Security.Claims;

namespace Cers.Dispatch.Rostering.Staff;

/// <summary>Who made a change, as their token names them: recorded with the change instead of a name typed in the body.</summary>
public static class Caller
{
    public static string NameOf(ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name : user.FindFirst("sub")?.Value ?? "unknown caller";
}
