using System.Security.Claims;
using System.Text.Encodings.Web;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console;

/// <summary>What the console shows to whom: its pages by role, where a person starts; and encoding for the charts built as SVG text.</summary>
public static class Html
{
    /// <summary>The console's pages, each shown in the header to the roles its policy admits.</summary>
    private static readonly (string Href, string Label, string Policy)[] Navigation =
    [
        ("/", "Live board", CersPolicies.Coordinating),
        ("/activations/new", "Open an activation", CersPolicies.Coordinating),
        ("/register", "Register", CersPolicies.Administering),
        ("/staff", "Staff", CersPolicies.ReadingRegister),
        ("/rotas", "Rotas", CersPolicies.ReadingRegister),
        ("/planned-cover", "Planned cover", CersPolicies.BookingCover),
        ("/travel-limits", "Travel limits", CersPolicies.Coordinating),
        ("/alerts", "Alerts", CersPolicies.ReadingRegister),
        ("/readiness", "Readiness", CersPolicies.ReadingRegister),
        ("/handovers", "Handovers", CersPolicies.Auditing),
        ("/reports", "Reports", CersPolicies.Reporting),
    ];

    /// <summary>HTML-encodes a value, for the SVG the report charts are built as (Razor encodes everything else).</summary>
    public static string E(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? "");

    /// <summary>Whether the user's roles pass a policy (to show a link or a button only to those it would admit).</summary>
    public static bool Can(ClaimsPrincipal user, string policy) =>
        AccessRegistration.RolesByPolicy.TryGetValue(policy, out var roles) && roles.Any(user.IsInRole);

    /// <summary>The pages the header offers to <paramref name="user"/>: those their roles allow.</summary>
    public static IEnumerable<(string Href, string Label)> PagesFor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Navigation.Where(n => Can(user, n.Policy)).Select(n => (n.Href, n.Label)) : [];

    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal user) => user.FindAll(CersTokens.RoleClaim).Select(c => c.Value).ToList();

    /// <summary>Where a signed-in person starts: the first page their roles allow.</summary>
    public static string HomeFor(ClaimsPrincipal user) =>
        Navigation.FirstOrDefault(n => Can(user, n.Policy)).Href ?? "/access-denied";
}
