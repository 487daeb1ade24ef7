using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Cers.Dispatch.Console;

/// <summary>
/// The headers every console response carries, pages, fragments, exports and files alike: no caching (they hold personal
/// data), no framing, no referrer (a plan link's token is in its URL), no guessing of content types, and scripts and
/// styles from the console only.
/// </summary>
public static partial class SecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private const string InlineStylesKey = "cers-console-inline-style-hashes";

    /// <summary>
    /// A page the console passes on from a service (the printed card, which card lookup draws with its own &lt;style&gt;):
    /// exactly those style blocks are allowed, by their SHA-256, and no other inline style or any script.
    /// </summary>
    public static void AllowInlineStylesOf(HttpContext http, string html) =>
        http.Items[InlineStylesKey] = StyleBlock().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["css"].Value)))}'")
            .Distinct()
            .ToArray();

    private static string PolicyFor(HttpContext http) =>
        http.Items[InlineStylesKey] is string[] { Length: > 0 } hashes
            ? Policy.Replace("style-src 'self';", $"style-src 'self' {string.Join(' ', hashes)};", StringComparison.Ordinal)
            : Policy;

    [GeneratedRegex("<style[^>]*>(?<css>.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleBlock();

    public static IApplicationBuilder UseConsoleSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.CacheControl = "no-store";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = PolicyFor(http);
                return Task.CompletedTask;
            });
            await next(http);
        });
}
