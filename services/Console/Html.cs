using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Phones;
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

    /// <summary>A page for someone who does not sign in (a care worker's plan link): no console header, large controls.</summary>
    public static IResult PlainPage(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        new PageResult(_ => $$"""
            <!doctype html>
            <html lang="en-GB">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="robots" content="noindex">
              <title>{{E(title)}} · CERS</title>
              <link rel="stylesheet" href="/css/console.css">
            </head>
            <body class="plain">
              <header><span class="brand">CERS · emergency cover</span></header>
              <main>
            {{body}}
              </main>
            </body>
            </html>
            """, statusCode);

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

    /// <summary>A phone number shown the UK way ("07700 900123"), as a link that dials it.</summary>
    public static string PhoneLink(string? number) =>
        string.IsNullOrWhiteSpace(number)
            ? ""
            : $"""<a href="tel:{E(UkPhoneNumbers.ToE164(number) ?? number.Replace(" ", "", StringComparison.Ordinal))}">{E(UkPhoneNumbers.Show(number))}</a>""";

    /// <summary>A service's refusal, in the words it gave, for the person at the console.</summary>
    public static string Problem(string? words) =>
        words is null ? "" : $"""<p class="problem" role="alert">{E(words)}</p>""";

    public static string Notice(string? words) =>
        words is null ? "" : $"""<p class="notice" role="status">{E(words)}</p>""";

    /// <summary>
    /// A JSON object from a service as nested definition lists, in the service's order, with field names in words
    /// ("keySafeCode" → "Key safe code"). Used where the shape belongs to the service (door details).
    /// </summary>
    public static string Details(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => $"<dl>{string.Concat(value.EnumerateObject()
            .Where(p => !IsEmpty(p.Value))
            .Select(p => $"<dt>{E(InWords(p.Name))}</dt><dd>{Details(p.Value)}</dd>"))}</dl>",
        JsonValueKind.Array when value.EnumerateArray().All(i => i.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) =>
            E(string.Join(", ", value.EnumerateArray().Select(i => i.ToString()))),
        JsonValueKind.Array => $"<ul>{string.Concat(value.EnumerateArray().Select(i => $"<li>{Details(i)}</li>"))}</ul>",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => E(value.ToString()),
    };

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    private static string InWords(string camelCase)
    {
        var words = new StringBuilder();
        foreach (var c in camelCase)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }

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
