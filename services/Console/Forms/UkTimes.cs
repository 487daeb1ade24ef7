using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Forms;

/// <summary>A time typed in a form: an ISO instant, or a UK wall time as a browser's date-and-time picker sends it.</summary>
public static class UkTimes
{
    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss"),
    ];

    /// <summary>
    /// "2026-11-25T16:00:00Z", or "2026-11-25T16:00" in UK time (in the hour the clocks go back, the earlier of the two);
    /// empty text is no time, and true.
    /// </summary>
    public static bool TryParse(string? text, out Instant? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (InstantPattern.ExtendedIso.Parse(text.Trim()) is { Success: true } instant)
        {
            at = instant.Value;
            return true;
        }

        foreach (var pattern in LocalPatterns)
        {
            if (pattern.Parse(text.Trim()) is { Success: true } local)
            {
                at = local.Value.InZoneLeniently(LondonTime.London).ToInstant();
                return true;
            }
        }

        return false;
    }
}
