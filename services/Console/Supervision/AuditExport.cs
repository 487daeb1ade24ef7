using System.Globalization;
using System.Text;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Forms;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>An activation's audit trail to download: crisis intake's timeline as JSON, or as CSV with who took each step.</summary>
public static class AuditExport
{
    public static async Task<IResult> Json(Guid id, string? asOf, CrisisIntakeClient intake, CancellationToken cancellationToken)
    {
        if (!UkTimes.TryParse(asOf, out var at))
        {
            return AuditTrail.AsOfProblem();
        }

        var (trail, refusal) = await AuditTrail.LoadAsync(intake, id, at, cancellationToken);
        return trail is null
            ? Refused(id, refusal)
            : Results.File(Encoding.UTF8.GetBytes(trail.Timeline.GetRawText()), "application/json", FileName(trail, "json"));
    }

    public static async Task<IResult> Csv(Guid id, string? asOf, CrisisIntakeClient intake, CancellationToken cancellationToken)
    {
        if (!UkTimes.TryParse(asOf, out var at))
        {
            return AuditTrail.AsOfProblem();
        }

        var (trail, refusal) = await AuditTrail.LoadAsync(intake, id, at, cancellationToken);
        if (trail is null)
        {
            return Refused(id, refusal);
        }

        var csv = new StringBuilder("version,at_utc,at_london,source,event,summary,who\r\n");
        foreach (var step in trail.Steps)
        {
            csv.AppendRow(
            [
                step.Version.ToString(CultureInfo.InvariantCulture),
                step.At is { } when ? InstantPattern.ExtendedIso.Format(when) : "",
                step.AtLondon, step.Source, step.Event, step.Summary, step.Who,
            ]);
        }

        return Results.File(Supervision.Csv.Bytes(csv), "text/csv; charset=utf-8", FileName(trail, "csv"));
    }

    private static string FileName(AuditTrail trail, string extension) =>
        trail.AsOf is { } at
            ? $"activation-{trail.Id}-as-of-{InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'").Format(at)}.{extension}"
            : $"activation-{trail.Id}.{extension}";

    private static IResult Refused(Guid id, ServiceAnswer? refusal) => Results.Problem(
        statusCode: refusal?.Status is 404 or 403 ? refusal.Status : StatusCodes.Status502BadGateway,
        title: refusal?.Status == 404 ? $"No activation {id}." : refusal?.Problem ?? "Crisis intake did not answer.");
}
