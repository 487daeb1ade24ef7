using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Escalation.Tests;

/// <summary>The bank-holiday file shipped with the service, as the rule reads it.</summary>
public static class Calendar
{
    public static BankHolidayCalendar Shipped { get; } =
        BankHolidaySource.LoadFile(Path.Combine(AppContext.BaseDirectory, "BankHolidays", "bank-holidays.json"));

    public static CoverLimitOptions Defaults => new();

    /// <summary>An instant given as Europe/London wall-clock time, as a coordinator would say it.</summary>
    public static Instant London(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(LondonTime.London).ToInstant();
}
