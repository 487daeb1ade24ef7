using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Escalation.CoverLimits;

public sealed record CoverLimitResult(
    Instant CoverStartedAt,
    Nation Nation,
    Instant LimitAt,
    int LimitHours,
    IReadOnlyList<LocalDate> BankHolidaysInWindow);

/// <summary>
/// Cover may run BaseHours (48) of elapsed time; ExtendedHours (72) when a day that counts overlaps the half-open window
/// [start, start + BaseHours). A day runs from local midnight to the next local midnight in Europe/London, so a day that
/// begins exactly at the window's end, or ends exactly at its start, does not count. Hours are real hours: a window
/// across a clock change is still 48 hours long.
/// </summary>
public static class CoverLimitRule
{
    public static CoverLimitResult Compute(Instant start, Nation nation, BankHolidayCalendar calendar, CoverLimitOptions options)
    {
        var windowEnd = start + Duration.FromHours(options.BaseHours);
        var extra = options.ExtraDates;
        var counted = new List<LocalDate>();
        for (var day = start.InZone(LondonTime.London).Date; LondonTime.London.AtStartOfDay(day).ToInstant() < windowEnd; day = day.PlusDays(1))
        {
            var dayEnd = LondonTime.London.AtStartOfDay(day.PlusDays(1)).ToInstant();
            var counts = (options.BankHolidaysExtend && calendar.IsBankHoliday(nation, day)) || extra.Contains(day);
            if (counts && dayEnd > start)
            {
                counted.Add(day);
            }
        }

        var hours = counted.Count > 0 ? options.ExtendedHours : options.BaseHours;
        return new CoverLimitResult(start, nation, start + Duration.FromHours(hours), hours, counted);
    }
}
