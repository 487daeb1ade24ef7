using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console;

/// <summary>Times people read are Europe/London local time with GMT or BST.</summary>
public static class LondonTime
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly ZonedDateTimePattern Pattern = ZonedDateTimePattern.CreateWithInvariantCulture("ddd d MMM HH:mm x", DateTimeZoneProviders.Tzdb);

    public static string Show(Instant instant) => Pattern.Format(instant.InZone(London));
}
