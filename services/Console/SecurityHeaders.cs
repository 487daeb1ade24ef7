namespace Cers.Dispatch.Console;

/// <summary>
/// The headers every console response carries, pages, fragments, exports and files alike: no caching (they hold personal
/// data), no framing, no referrer (a plan link's token is in its URL), no guessing of content types, and scripts and
/// styles from the console only.
/// </summary>
public static class SecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

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
                headers.ContentSecurityPolicy = Policy;
                return Task.CompletedTask;
            });
            await next(http);
        });
}
