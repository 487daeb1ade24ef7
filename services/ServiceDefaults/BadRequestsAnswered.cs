using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// A request the framework could not read (a body that is not JSON, JSON of the wrong shape, no Content-Type, a form that
/// fails antiforgery) is the caller's mistake, answered 4xx problem+json saying what was wrong, in every environment; it
/// is never a 500, and it is logged as a warning, not an error.
/// </summary>
public sealed class BadRequestsAnswered(IProblemDetailsService problems, ILogger<BadRequestsAnswered> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        logger.LogWarning("Refused {Method} {Route}: {Why}", httpContext.Request.Method, RequestLog.Route(httpContext), bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read; nothing was changed.", Detail = bad.Message },
            Exception = bad,
        });
    }
}
