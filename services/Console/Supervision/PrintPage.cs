using System.Security.Claims;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>
/// One activation's audit trail laid out for paper or PDF (the browser's "Save as PDF"): no console header, a heading
/// block naming the activation, the carer's area, its dates and who generated it when, and a table whose header repeats
/// on every page.
/// </summary>
public static class PrintPage
{
    public static async Task<IResult> Handle(Guid id, string? asOf, ClaimsPrincipal user, CrisisIntakeClient intake, IClock clock, CancellationToken cancellationToken)
    {
        if (!AuditTrail.TryParseAsOf(asOf, out var at))
        {
            return AuditTrail.AsOfProblem();
        }

        var (trail, refusal) = await AuditTrail.LoadAsync(intake, id, at, cancellationToken);
        if (trail is null)
        {
            return AuditPage.Refused(id, refusal);
        }

        var first = trail.Steps.Select(s => s.At).OfType<Instant>().DefaultIfEmpty().Min();
        var last = trail.Steps.Select(s => s.At).OfType<Instant>().DefaultIfEmpty().Max();
        var period = trail.Steps.Count == 0 ? "no steps" : $"{LondonTime.Show(first)} to {LondonTime.Show(last)}";
        var body = $"""
            <header class="print-header">
              <p class="marking">Confidential: personal data</p>
              <h1>Activation audit trail</h1>
              <p class="subtitle">Carers Emergency Response Service</p>
              {AuditPage.Facts(trail)}
              <dl class="facts generated">
                <dt>Timeline</dt><dd>{Html.E(trail.AsOf is { } shown ? $"as it stood at {LondonTime.Show(shown)}" : "complete when generated")}: {trail.Steps.Count} steps, {Html.E(period)}</dd>
                <dt>Generated</dt><dd>{Html.E(LondonTime.Show(clock.GetCurrentInstant()))} by {Html.E(user.Identity?.Name ?? "unknown")}</dd>
              </dl>
            </header>
            <p class="no-print actions">
              <button type="button" id="print">Print or save as PDF</button>
              <a href="/activations/{id}/audit{AuditPage.AsOfQuery(trail.AsOf)}">Back to the audit trail</a>
            </p>
            <h2>Timeline</h2>
            {AuditPage.StepsTable(trail)}
            <p class="end">End of the audit trail for activation {Html.E(trail.Id)}.</p>
            """;
        return new PrintDocument($"Audit trail {trail.CardNumber}", body);
    }

    /// <summary>A page of its own (not the console layout), with the console's protective headers.</summary>
    private sealed class PrintDocument(string title, string body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await httpContext.Response.WriteAsync($$"""
                <!doctype html>
                <html lang="en-GB">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <meta name="robots" content="noindex">
                  <title>{{Html.E(title)}} · CERS</title>
                  <link rel="stylesheet" href="/css/print.css">
                  <script src="/js/print.js" defer></script>
                </head>
                <body class="print">
                {{body}}
                </body>
                </html>
                """, httpContext.RequestAborted);
        }
    }
}
