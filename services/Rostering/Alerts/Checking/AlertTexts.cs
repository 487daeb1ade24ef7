using System.Globalization;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alerts.Finding;

namespace Cers.Dispatch.Rostering.Alerts.Checking;

/// <summary>One SMS per check, however many alerts: a duty manager woken by fifteen texts reads none of them.</summary>
public static class AlertTexts
{
    public static string Digest(IReadOnlyList<AlertFinding> alerts) =>
        alerts.Count == 1
            ? $"Rota alert: {alerts[0].Summary}"
            : AlarmTexts.Digest(
                string.Create(CultureInfo.InvariantCulture, $"Rota alerts ({alerts.Count}):"),
                alerts,
                (alert, i) => string.Create(CultureInfo.InvariantCulture, $" {i + 1}) {alert.Summary}"),
                left => string.Create(CultureInfo.InvariantCulture, $" ...and {left} more: see Alerts in the console."));
}
