using System.Globalization;
using System.Text;
using Cers.Dispatch.Rostering.Alerts.Finding;

namespace Cers.Dispatch.Rostering.Alerts.Checking;

/// <summary>One SMS per check, however many alerts: a duty manager woken by fifteen texts reads none of them.</summary>
public static class AlertTexts
{
    /// <summary>Twilio joins up to 1,600 characters; room is left for the tail.</summary>
    private const int Longest = 1400;

    public static string Digest(IReadOnlyList<AlertFinding> alerts)
    {
        if (alerts.Count == 1)
        {
            return $"Rota alert: {alerts[0].Summary}";
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Rota alerts ({alerts.Count}):"));
        for (var i = 0; i < alerts.Count; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $" {i + 1}) {alerts[i].Summary}");
            if (text.Length + line.Length > Longest)
            {
                text.Append(CultureInfo.InvariantCulture, $" ...and {alerts.Count - i} more: see Alerts in the console.");
                break;
            }

            text.Append(line);
        }

        return text.ToString();
    }
}
