using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>Every time a person reads is Europe/London local time, with the zone abbreviation (GMT or BST).</summary>
public static class LondonTime
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly ZonedDateTimePattern Pattern = ZonedDateTimePattern.CreateWithInvariantCulture("ddd d MMM uuuu HH:mm x", DateTimeZoneProviders.Tzdb);

    private static readonly ZonedDateTimePattern SecondsPattern = ZonedDateTimePattern.CreateWithInvariantCulture("ddd d MMM uuuu HH:mm:ss x", DateTimeZoneProviders.Tzdb);

    private static readonly ZonedDateTimePattern StampPattern =
        ZonedDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<+HH:mm> x", DateTimeZoneProviders.Tzdb);

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM uuuu");

    public static string Show(Instant instant) => Pattern.Format(instant.InZone(London));

    public static string Show(LocalDate date) => DatePattern.Format(date);

    /// <summary>As <see cref="Show(Instant)"/>, to the second: for an audit, where steps come seconds apart.</summary>
    public static string ShowToTheSecond(Instant instant) => SecondsPattern.Format(instant.InZone(London));

    /// <summary>To the second and unambiguous, for audits and APIs, e.g. 2026-03-29T03:00:00+01:00 BST.</summary>
    public static string Stamp(Instant instant) => StampPattern.Format(instant.InZone(London));

    public static string Stamp(Instant? instant) => instant is { } i ? Stamp(i) : "";
}
