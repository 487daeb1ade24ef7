using System.Globalization;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>A supervisor's view of one activation: every step across services with when and who, as it stands or stood.</summary>
public static class AuditPage
{
    private static readonly LocalDateTimePattern PickerValue = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss");

    public static async Task<IResult> Handle(Guid id, string? asOf, CrisisIntakeClient intake, CancellationToken cancellationToken)
    {
        if (!AuditTrail.TryParseAsOf(asOf, out var at))
        {
            return AuditTrail.AsOfProblem();
        }

        var (trail, refusal) = await AuditTrail.LoadAsync(intake, id, at, cancellationToken);
        if (trail is null)
        {
            return Refused(id, refusal);
        }

        var query = AsOfQuery(trail.AsOf);
        var body = $"""
            <link rel="stylesheet" href="/css/supervision.css">
            <p class="no-print"><a href="/activations/{id}">← Activation</a></p>
            <h1>Audit trail: activation {Html.E(trail.CardNumber)}</h1>
            {Facts(trail)}
            <form class="no-print as-of" method="get" action="/activations/{id}/audit">
              <label>As it stood at (UK time) <input type="datetime-local" name="asOf" step="1" value="{Html.E(trail.AsOf is { } t ? PickerValue.Format(t.InZone(LondonTime.London).LocalDateTime) : "")}"></label>
              <button type="submit">Show</button>
              {(trail.AsOf is null ? "" : $"""<a href="/activations/{id}/audit">Show it as it stands now</a>""")}
            </form>
            <p class="no-print exports">
              <a href="/activations/{id}/print{query}">Print or save as PDF</a> ·
              <a href="/activations/{id}/export.csv{query}" download>Download CSV</a> ·
              <a href="/activations/{id}/export.json{query}" download>Download JSON</a>
            </p>
            <h2>{(trail.AsOf is { } shown ? $"Timeline as it stood at {Html.E(LondonTime.Show(shown))}" : "Timeline")} <small>({trail.Steps.Count} steps)</small></h2>
            {StepsTable(trail)}
            """;
        return Html.Page($"Audit trail {trail.CardNumber}", body);
    }

    public static string AsOfQuery(Instant? asOf) =>
        asOf is { } at ? "?asOf=" + Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(at)) : "";

    /// <summary>What the activation is, shared by the audit view and its printed form.</summary>
    public static string Facts(AuditTrail trail)
    {
        var a = trail.Activation;
        var reporter = a.Field("reportedBy") is { } r ? $"{r.Text("name")} ({r.Text("agency")})" : "unknown";
        return $"""
            <dl class="facts">
              <dt>Activation</dt><dd>{Html.E(trail.Id)}</dd>
              <dt>Card</dt><dd>{Html.E(trail.CardNumber)}</dd>
              <dt>Carer area</dt><dd>{Html.E(trail.Area ?? "not known")}</dd>
              <dt>Opened</dt><dd>{Html.E(trail.OpenedAt is { } o ? LondonTime.Show(o) : "")}, via {Html.E(Wording.Words(a.Text("channel")))} by {Html.E(reporter)}</dd>
              <dt>Reason</dt><dd>{Html.E(Wording.Words(a.Text("reason")))}</dd>
              <dt>Status now</dt><dd>{(trail.ClosedAt is { } c ? $"Closed {Html.E(LondonTime.Show(c))}: {Html.E(Wording.Words(a.Text("outcome")).ToLowerInvariant())}" : Html.E(a.Text("status")))}</dd>
            </dl>
            """;
    }

    public static string StepsTable(AuditTrail trail) => trail.Steps.Count == 0
        ? "<p>Nothing had happened yet at that time.</p>"
        : $"""
            <table class="audit-trail">
              <thead><tr><th scope="col">#</th><th scope="col">When (UK time)</th><th scope="col">Service</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
              <tbody>{string.Concat(trail.Steps.Select(s => $"""
                <tr data-event="{Html.E(s.Event)}"><td>{s.Version.ToString(CultureInfo.InvariantCulture)}</td><td><time datetime="{Html.E(s.At is { } at ? InstantPattern.ExtendedIso.Format(at) : "")}">{Html.E(s.AtLondon)}</time></td><td>{Html.E(s.Source)}</td><td>{Html.E(s.Who ?? "")}</td><td>{Html.E(s.Summary)}</td></tr>
                """))}</tbody>
            </table>
            """;

    public static IResult Refused(Guid id, ServiceAnswer? refusal) => refusal?.Status switch
    {
        StatusCodes.Status404NotFound => Html.Page("Not found", $"<h1>No activation {Html.E(id)}</h1>", statusCode: StatusCodes.Status404NotFound),
        StatusCodes.Status403Forbidden => Html.Page("Not allowed", $"<h1>Activation {Html.E(id)}</h1>{Html.Problem(refusal.Problem)}", statusCode: StatusCodes.Status403Forbidden),
        _ => Html.Page("Not available", $"<h1>Activation {Html.E(id)}</h1>{Html.Problem(refusal?.Problem ?? "Crisis intake did not answer.")}", statusCode: StatusCodes.Status502BadGateway),
    };
}
