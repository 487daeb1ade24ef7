using System.Globalization;
using Cers.Dispatch.Escalation.CoverLimits;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Escalation;

/// <summary>Every time a person sees is shown in Europe/London, with the offset and GMT/BST, e.g. 2026-03-29T03:00:00+01:00 BST.</summary>
public static class LondonTime
{
    private static readonly ZonedDateTimePattern Pattern =
        ZonedDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<+HH:mm> x", null);

    public static string Format(Instant instant) => Pattern.Format(instant.InZone(CoverLimitRule.London));

    public static string Format(Instant? instant) => instant is { } i ? Format(i) : "";

    public static string Utc(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static string Describe(Duration duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.##} h");
}
