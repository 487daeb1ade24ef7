using System.Security.Claims;
using System.Text.Encodings.Web;
using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.AspNetCore.Antiforgery;

namespace Cers.Dispatch.Console;

/// <summary>Server-rendered pages: every value is HTML-encoded on the way in; the layout is shared.</summary>
public static class Html
{
    /// <summary>The console's pages, each shown in the header to the roles its policy admits.</summary>
    private static readonly (string Href, string Label, string Policy)[] Navigation =
    [
        ("/", "Live board", CersPolicies.Coordinating),
        ("/activations/new", "Open an activation", CersPolicies.Coordinating),
        ("/rotas", "Rotas", CersPolicies.ReadingRegister),
        ("/handovers", "Handovers", CersPolicies.Auditing),
        ("/reports", "Reports", CersPolicies.Reporting),
    ];

    /// <summary>
    /// Stands in a form for its antiforgery token until the page is written for a request. It cannot come from encoded
    /// text (E turns every &lt; into &amp;lt;), so nobody can smuggle one in.
    /// </summary>
    private const string AntiforgeryMarker = "<cers-antiforgery-token/>";

    public static string E(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? "");

    /// <summary>A console page with the header for whoever is signed in: the pages their roles allow, and signing out.</summary>
    public static IResult Page(string title, string body, string? script = null, int statusCode = StatusCodes.Status200OK) =>
        new PageResult(http => Layout(http, title, body, script), statusCode);

    /// <summary>
    /// A form posting to the console, with the antiforgery token filled in when the page is written, and a key of its own
    /// so that submitting it twice acts once (<see cref="Forms.SubmittedOnce"/>).
    /// </summary>
    public static string Form(string action, string innerHtml, string? cssClass = null) =>
        $"""<form method="post" action="{E(action)}"{(cssClass is null ? "" : $" class=\"{E(cssClass)}\"")}>{AntiforgeryMarker}<input type="hidden" name="{Forms.SubmittedOnce.FieldName}" value="{Guid.NewGuid():N}">{innerHtml}</form>""";

    /// <summary>The hidden antiforgery field, for a form written outside <see cref="Page"/>.</summary>
    public static string AntiforgeryField(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";
    }

    /// <summary>Whether the user's roles pass a policy (to show a link or a button only to those it would admit).</summary>
    public static bool Can(ClaimsPrincipal user, string policy) =>
        AccessRegistration.RolesByPolicy.TryGetValue(policy, out var roles) && roles.Any(user.IsInRole);

    public static bool Can(HttpContext http, string policy) => Can(http.User, policy);

    /// <summary>The pages the header offers to <paramref name="user"/>: those their roles allow.</summary>
    public static IEnumerable<(string Href, string Label)> PagesFor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Navigation.Where(n => Can(user, n.Policy)).Select(n => (n.Href, n.Label)) : [];

    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal user) => user.FindAll(CersTokens.RoleClaim).Select(c => c.Value).ToList();

    /// <summary>Where a signed-in person starts: the first page their roles allow.</summary>
    public static string HomeFor(ClaimsPrincipal user) =>
        Navigation.FirstOrDefault(n => Can(user, n.Policy)).Href ?? "/access-denied";

    /// <summary>A service's refusal, in the words it gave, for the person at the console.</summary>
    public static string Problem(string? words) =>
        words is null ? "" : $"""<p class="problem" role="alert">{E(words)}</p>""";

    public static string Notice(string? words) =>
        words is null ? "" : $"""<p class="notice" role="status">{E(words)}</p>""";

    private static string Layout(HttpContext http, string title, string body, string? script)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var links = string.Concat(PagesFor(user).Select(n => $"""<a href="{E(n.Href)}">{E(n.Label)}</a>"""));
        var who = signedIn
            ? $"""
              <div class="who">Signed in as <strong>{E(user.Identity!.Name)}</strong> <small>({E(string.Join(", ", RolesOf(user)))})</small>
              <a href="/account/password" class="link">Password</a>
              {Form("/sign-out", """<button type="submit" class="link">Sign out</button>""", "inline")}</div>
              """
            : "";
        return $$"""
            <!doctype html>
            <html lang="en-GB">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{E(title)}} · CERS console</title>
              <link rel="stylesheet" href="/css/console.css">
            </head>
            <body>
              <header><a href="{{E(signedIn ? HomeFor(user) : "/sign-in")}}" class="brand">CERS · console</a><nav>{{links}}</nav>{{who}}</header>
              <main>
            {{body}}
              </main>
            {{(script is null ? "" : script)}}
            </body>
            </html>
            """;
    }

    /// <summary>Writes a page; the headers every console response carries come from <see cref="SecurityHeaders"/>.</summary>
    private sealed class PageResult(Func<HttpContext, string> render, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var html = render(httpContext);
            if (html.Contains(AntiforgeryMarker, StringComparison.Ordinal))
            {
                html = html.Replace(AntiforgeryMarker, AntiforgeryField(httpContext), StringComparison.Ordinal);
            }

            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
