using System.Globalization;
using System.Text;
using Cers.Dispatch.Console.Supervision;
using NodaTime;

namespace Cers.Dispatch.Console.Reports;

/// <summary>The report as one row per month plus a row for the whole range; times in minutes, cover in hours.</summary>
public static class ReportCsv
{
    public static StringBuilder Write(CommissionersReport report)
    {
        var csv = new StringBuilder();
        csv.AppendRow(
        [
            "month", "activations",
            .. report.Channels.Select(c => $"channel: {c}"),
            .. report.Reasons.Select(r => $"reason: {r}"),
            "first_offer_count", "first_offer_median_minutes", "first_offer_p90_minutes",
            "on_site_count", "on_site_median_minutes", "on_site_p90_minutes",
            "cover_hours", "cover_limits_reached", "breach_escalations", "no_worker_on_site_in_time",
            .. report.Outcomes.Select(o => $"outcome: {o}"),
            "still_open",
        ]);
        foreach (var month in report.Months.Append(report.Whole with { Label = "all" }))
        {
            csv.AppendRow(
            [
                month.Month is { } m ? ActivationFigures.MonthOf(m) : month.Label,
                Number(month.Activations),
                .. report.Channels.Select(c => Number(month.ByChannel.GetValueOrDefault(c))),
                .. report.Reasons.Select(r => Number(month.ByReason.GetValueOrDefault(r))),
                Number(month.ToFirstOffer.Count), Minutes(month.ToFirstOffer.Median), Minutes(month.ToFirstOffer.Percentile90),
                Number(month.ToStaffOnSite.Count), Minutes(month.ToStaffOnSite.Median), Minutes(month.ToStaffOnSite.Percentile90),
                month.CoverHours.ToString("0.##", CultureInfo.InvariantCulture),
                Number(month.LimitsReached), Number(month.BreachEscalations), Number(month.UnstaffedTooLong),
                .. report.Outcomes.Select(o => Number(month.Outcomes.GetValueOrDefault(o))),
                Number(month.StillOpen),
            ]);
        }

        return csv;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Minutes(Duration? value) => value?.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
}
