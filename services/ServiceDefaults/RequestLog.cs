using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// One line per request answered: method, the route's template, status and time. ASP.NET Core's own request lines
/// are switched off (<see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>) because they carry the raw path and
/// query: a plan link's token (which opens the key safe's code), a carer search's surname, date of birth and postcode.
/// The template says which door was used without saying who for: <c>GET /plan/{token}</c>.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                Answered(logger, context.Request.Method, Route(context), context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>The route's template (<c>/plan-links/{token}</c>), never the raw path: what logs may say of a request.</summary>
    public static string Route(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? template : "(no route matched)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Request finished {Method} {Route} {StatusCode} in {Milliseconds:0.0} ms")]
    private static partial void Answered(ILogger logger, string method, string route, int statusCode, double milliseconds);
}
