using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.ServiceDefaults;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Cers.Dispatch.Escalation.Tests.Calendar;

namespace Cers.Dispatch.Escalation.Tests;

/// <summary>
/// The 48/72-hour rule for any start and any nation, against the rule as docs/cover-limit-rule.md words it: cover runs 48
/// real hours, or 72 when a bank-holiday day of the carer's nation (UK midnight to UK midnight) overlaps the half-open
/// window [start, start + 48 h). Starts are drawn from the whole shipped calendar (2025 to 2028) and crowded around the
/// edges that matter: holiday midnights, the window's end, and the clock changes.
/// </summary>
public sealed class CoverLimitProperties
{
    private static readonly Duration Window = Duration.FromHours(48);
    private static readonly Nation[] AllNations = [Nation.EnglandAndWales, Nation.Scotland, Nation.NorthernIreland];
    private static readonly Instant CalendarFrom = London(2025, 1, 1, 0);
    private static readonly Instant CalendarTo = London(2028, 12, 20, 0);

    private static readonly Gen<Nation> Nations = Gen.Elements(AllNations);

    private static readonly Gen<Instant> AnyStart =
        from seconds in Gen.Choose(0, (int)(CalendarTo - CalendarFrom).TotalSeconds)
        from ticks in Gen.Choose(0, (int)NodaConstants.TicksPerSecond - 1)
        select CalendarFrom + Duration.FromSeconds(seconds) + Duration.FromTicks(ticks);

    /// <summary>The instants where the rule turns: a holiday's first and last moment, 48 hours before it, the clock changes.</summary>
    private static readonly Instant[] Edges = AllNations
        .SelectMany(n => Shipped.Holidays(n))
        .Distinct()
        .SelectMany(h => new[] { DayStart(h), DayStart(h.PlusDays(1)), DayStart(h) - Window })
        .Concat(Enumerable.Range(2025, 4).SelectMany(year => new[] { ClockChange(year, 3), ClockChange(year, 10) }))
        .ToArray();

    private static readonly Gen<Duration> NearAnEdge = Gen.OneOf(
        Gen.Elements(Duration.Zero, Duration.Epsilon, -Duration.Epsilon, Duration.FromTicks(1), Duration.FromTicks(-1)),
        Gen.Choose(-180, 180).Select(minutes => Duration.FromMinutes(minutes)),
        Gen.Choose(-72 * 3600, 72 * 3600).Select(seconds => Duration.FromSeconds(seconds)));

    private static readonly Gen<Instant> EdgeStart =
        from edge in Gen.Elements(Edges)
        from offset in NearAnEdge
        select edge + offset;

    private static readonly Gen<Instant> Starts = Gen.Frequency((1, AnyStart), (2, EdgeStart));

    [Property(MaxTest = 2000)]
    public Property Cover_may_always_run_48_or_72_real_hours_never_less_than_48() =>
        Prop.ForAll(
            Starts.Zip(Nations).ToArbitrary(),
            x =>
            {
                var limit = Compute(x.Item1, x.Item2);
                return limit.LimitHours is 48 or 72
                    && limit.LimitAt - limit.CoverStartedAt == Duration.FromHours(limit.LimitHours)
                    && limit.LimitAt >= x.Item1 + Window
                    && limit.CoverStartedAt == x.Item1;
            });

    [Property(MaxTest = 3000)]
    public Property Cover_runs_72_hours_exactly_when_a_bank_holiday_of_the_carers_nation_overlaps_the_first_48() =>
        Prop.ForAll(
            Starts.Zip(Nations).ToArbitrary(),
            x =>
            {
                var (start, nation) = x;
                var expected = HolidaysOverlapping(Shipped.Holidays(nation), start);
                var limit = Compute(start, nation);
                return (limit.BankHolidaysInWindow.SequenceEqual(expected) && limit.LimitHours == (expected.Count > 0 ? 72 : 48))
                    .Label($"start {LondonTime.Stamp(start)}, {nation}: expected [{string.Join(", ", expected)}], got {limit.LimitHours} h [{string.Join(", ", limit.BankHolidaysInWindow)}]");
            });

    [Property(MaxTest = 1000)]
    public Property Cover_that_starts_during_a_bank_holiday_counts_that_holiday() =>
        Prop.ForAll(
            (from nation in Nations
             from holiday in Gen.Elements(Shipped.Holidays(nation).Where(h => DayStart(h) >= CalendarFrom).ToArray())
             from fraction in Gen.Choose(0, 9_999)
             let length = DayStart(holiday.PlusDays(1)) - DayStart(holiday)
             select (nation, holiday, start: DayStart(holiday) + length * fraction / 10_000.0)).ToArbitrary(),
            x => Compute(x.start, x.nation) is { LimitHours: 72 } limit && limit.BankHolidaysInWindow.Contains(x.holiday));

    /// <summary>Made-up calendars crowded around the start, so every kind of overlap (and near miss) comes up often.</summary>
    private static readonly Gen<(Instant Start, Nation Nation, BankHolidayCalendar Calendar, LocalDate[] Days)> MadeUpCalendars =
        from start in AnyStart
        from nation in Nations
        from offsets in Gen.Choose(-4, 5).ArrayOf()
        let days = offsets.Select(d => start.InZone(LondonTime.London).Date.PlusDays(d)).Distinct().ToArray()
        select (start, nation, CalendarOf(nation, days), days);

    [Property(MaxTest = 2000)]
    public Property Any_calendar_gives_72_hours_exactly_when_one_of_its_days_overlaps_the_first_48() =>
        Prop.ForAll(
            MadeUpCalendars.ToArbitrary(),
            x =>
            {
                var expected = HolidaysOverlapping(x.Days, x.Start);
                var limit = CoverLimitRule.Compute(x.Start, x.Nation, x.Calendar, Defaults);
                return limit.BankHolidaysInWindow.SequenceEqual(expected) && limit.LimitHours == (expected.Count > 0 ? 72 : 48);
            });

    [Property(MaxTest = 1000)]
    public Property Another_nations_holidays_never_change_the_limit() =>
        Prop.ForAll(
            MadeUpCalendars.ToArbitrary(),
            x =>
            {
                var others = AllNations.Where(n => n != x.Nation).ToDictionary(n => n, _ => (IReadOnlySet<LocalDate>)x.Days.ToHashSet());
                var onlyOthers = new BankHolidayCalendar(others);
                return CoverLimitRule.Compute(x.Start, x.Nation, onlyOthers, Defaults).LimitHours == 48;
            });

    [Property(MaxTest = 1000)]
    public Property A_day_the_service_declares_extends_cover_for_every_nation_like_a_bank_holiday() =>
        Prop.ForAll(
            MadeUpCalendars.ToArbitrary(),
            x =>
            {
                var options = new CoverLimitOptions { ExtraDatesThatCount = x.Days.Select(d => d.ToString("yyyy-MM-dd", null)).ToArray() };
                var empty = new BankHolidayCalendar(new Dictionary<Nation, IReadOnlySet<LocalDate>>());
                var declared = CoverLimitRule.Compute(x.Start, x.Nation, empty, options);
                var asHolidays = CoverLimitRule.Compute(x.Start, x.Nation, x.Calendar, Defaults);
                return declared.LimitHours == asHolidays.LimitHours && declared.BankHolidaysInWindow.SequenceEqual(asHolidays.BankHolidaysInWindow);
            });

    [Property(MaxTest = 1000)]
    public Property More_holidays_never_shorten_cover_and_switching_holidays_off_never_lengthens_it() =>
        Prop.ForAll(
            (from x in MadeUpCalendars
             from kept in Gen.SubListOf(x.Days)
             select (x.Start, x.Nation, All: x.Calendar, Fewer: CalendarOf(x.Nation, kept))).ToArbitrary(),
            x =>
            {
                var withAll = CoverLimitRule.Compute(x.Start, x.Nation, x.All, Defaults).LimitHours;
                var withFewer = CoverLimitRule.Compute(x.Start, x.Nation, x.Fewer, Defaults).LimitHours;
                var switchedOff = CoverLimitRule.Compute(x.Start, x.Nation, x.All, new CoverLimitOptions { BankHolidaysExtend = false }).LimitHours;
                return withFewer <= withAll && switchedOff == 48;
            });

    [Property(MaxTest = 2000)]
    public Property A_later_start_never_gives_an_earlier_limit_unless_the_earlier_start_was_extended() =>
        Prop.ForAll(
            (from a in Starts
             from b in Starts
             from nation in Nations
             select (Earlier: a < b ? a : b, Later: a < b ? b : a, nation)).ToArbitrary(),
            x =>
            {
                var earlier = Compute(x.Earlier, x.nation);
                var later = Compute(x.Later, x.nation);
                return earlier.LimitHours > later.LimitHours || earlier.LimitAt <= later.LimitAt;
            });

    [Property(MaxTest = 2000)]
    public Property The_starts_a_holiday_extends_form_one_unbroken_stretch() =>
        Prop.ForAll(
            (from edge in EdgeStart
             from spread in Gen.Choose(0, 80 * 60).Three()
             let sorted = new[] { spread.Item1, spread.Item2, spread.Item3 }.Order().Select(m => edge + Duration.FromMinutes(m - 40 * 60)).ToArray()
             from nation in Nations
             select (First: sorted[0], Middle: sorted[1], Last: sorted[2], nation)).ToArbitrary(),
            x =>
            {
                var inBoth = Compute(x.First, x.nation).BankHolidaysInWindow.Intersect(Compute(x.Last, x.nation).BankHolidaysInWindow);
                var middle = Compute(x.Middle, x.nation).BankHolidaysInWindow;
                return inBoth.All(middle.Contains);
            });

    private static CoverLimitResult Compute(Instant start, Nation nation) => CoverLimitRule.Compute(start, nation, Shipped, Defaults);

    /// <summary>The rule's definition, read straight from the holiday list: which days overlap [start, start + 48 h).</summary>
    private static List<LocalDate> HolidaysOverlapping(IEnumerable<LocalDate> holidays, Instant start) =>
        holidays.Where(h => DayStart(h) < start + Window && DayStart(h.PlusDays(1)) > start).Order().ToList();

    private static Instant DayStart(LocalDate day) => LondonTime.London.AtStartOfDay(day).ToInstant();

    /// <summary>01:00 UTC on the last Sunday of March or October, when UK clocks change.</summary>
    private static Instant ClockChange(int year, int month)
    {
        var lastSunday = new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1);
        while (lastSunday.DayOfWeek != IsoDayOfWeek.Sunday)
        {
            lastSunday = lastSunday.PlusDays(-1);
        }

        return lastSunday.At(new LocalTime(1, 0)).InUtc().ToInstant();
    }

    private static BankHolidayCalendar CalendarOf(Nation nation, IEnumerable<LocalDate> days) =>
        new(new Dictionary<Nation, IReadOnlySet<LocalDate>> { [nation] = days.ToHashSet() });
}
