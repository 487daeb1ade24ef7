using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Testing;
using static Cers.Dispatch.Escalation.Tests.Calendar;

namespace Cers.Dispatch.Escalation.Tests;

public sealed class CoverLimitRuleTests
{
    private static CoverLimitResult LimitForCoverStartingNow(FakeClock clock, Nation nation, CoverLimitOptions? options = null) =>
        CoverLimitRule.Compute(clock.GetCurrentInstant(), nation, Shipped, options ?? Defaults);

    [Fact]
    public void Cover_starting_on_a_Thursday_a_week_before_Christmas_runs_48_hours()
    {
        var clock = new FakeClock(London(2025, 12, 18, 14));

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        limit.LimitHours.Should().Be(48);
        limit.LimitAt.Should().Be(London(2025, 12, 20, 14));
        limit.BankHolidaysInWindow.Should().BeEmpty();
    }

    [Fact]
    public void Cover_starting_on_Christmas_Eve_Thursday_runs_72_hours_because_Christmas_Day_falls_within_48()
    {
        var clock = new FakeClock(London(2026, 12, 24, 9));

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        limit.LimitHours.Should().Be(72);
        limit.LimitAt.Should().Be(London(2026, 12, 27, 9));
        limit.BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 12, 25));
        LondonTime.Stamp(limit.LimitAt).Should().Be("2026-12-27T09:00:00+00:00 GMT");
    }

    [Fact]
    public void Cover_starting_on_the_Saturday_of_the_March_clock_change_runs_48_real_hours_shown_as_49_on_the_wall_clock()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 28, 1, 30));

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        limit.LimitHours.Should().Be(48);
        limit.LimitAt.Should().Be(Instant.FromUtc(2026, 3, 30, 1, 30));
        LondonTime.Stamp(limit.LimitAt).Should().Be("2026-03-30T02:30:00+01:00 BST");
        LondonTime.Stamp(limit.CoverStartedAt).Should().Be("2026-03-28T01:30:00+00:00 GMT");
    }

    [Fact]
    public void Cover_starting_on_the_Saturday_of_the_October_clock_change_runs_48_real_hours_shown_as_47_on_the_wall_clock()
    {
        var clock = new FakeClock(London(2026, 10, 24, 12));

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        limit.LimitHours.Should().Be(48);
        (limit.LimitAt - limit.CoverStartedAt).Should().Be(Duration.FromHours(48));
        LondonTime.Stamp(limit.CoverStartedAt).Should().Be("2026-10-24T12:00:00+01:00 BST");
        LondonTime.Stamp(limit.LimitAt).Should().Be("2026-10-26T11:00:00+00:00 GMT");
    }

    [Fact]
    public void Cover_on_the_Easter_clock_change_weekend_of_2027_counts_Easter_Monday_in_England_but_not_in_Scotland()
    {
        var clock = new FakeClock(London(2027, 3, 27, 10));

        var england = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);
        var scotland = LimitForCoverStartingNow(clock, Nation.Scotland);

        england.LimitHours.Should().Be(72);
        england.BankHolidaysInWindow.Should().Equal(new LocalDate(2027, 3, 29));
        LondonTime.Stamp(england.LimitAt).Should().Be("2027-03-30T11:00:00+01:00 BST");
        scotland.LimitHours.Should().Be(48);
    }

    [Fact]
    public void Cover_whose_48_hours_end_exactly_at_the_midnight_a_bank_holiday_begins_stays_at_48()
    {
        var clock = new FakeClock(London(2026, 12, 23, 0));

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        limit.LimitAt.Should().Be(London(2026, 12, 25, 0), "the window is half-open: Christmas Day begins as it closes");
        limit.LimitHours.Should().Be(48);
        LimitForCoverStartingNow(new FakeClock(clock.GetCurrentInstant() + Duration.Epsilon), Nation.EnglandAndWales)
            .LimitHours.Should().Be(72, "a moment later Christmas Day's first instant is inside the window");
    }

    [Fact]
    public void A_bank_holiday_midnight_in_summer_time_is_local_midnight_not_UTC_midnight()
    {
        // Spring bank holiday, Monday 25 May 2026, begins at 00:00 BST = 23:00 UTC on the Sunday.
        var endsAtHolidayMidnight = new FakeClock(Instant.FromUtc(2026, 5, 22, 23, 0));
        var endsAtUtcMidnight = new FakeClock(Instant.FromUtc(2026, 5, 23, 0, 0));

        LimitForCoverStartingNow(endsAtHolidayMidnight, Nation.EnglandAndWales).LimitHours.Should().Be(48);
        LimitForCoverStartingNow(endsAtUtcMidnight, Nation.EnglandAndWales).BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 5, 25));
    }

    [Fact]
    public void A_bank_holiday_that_ends_exactly_as_cover_starts_does_not_count()
    {
        var clock = new FakeClock(London(2026, 4, 7, 0));

        LimitForCoverStartingNow(clock, Nation.EnglandAndWales).LimitHours.Should().Be(48, "Easter Monday is over as cover starts");
        LimitForCoverStartingNow(new FakeClock(clock.GetCurrentInstant() - Duration.Epsilon), Nation.EnglandAndWales)
            .BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 4, 6));
    }

    [Fact]
    public void Cover_starting_on_a_bank_holiday_counts_that_holiday()
    {
        var clock = new FakeClock(London(2026, 8, 31, 23, 30));

        LimitForCoverStartingNow(clock, Nation.EnglandAndWales).BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 8, 31));
    }

    [Fact]
    public void St_Andrews_Day_extends_cover_for_a_Scottish_address_but_not_for_an_English_one()
    {
        var clock = new FakeClock(London(2026, 11, 29, 12));

        var scotland = LimitForCoverStartingNow(clock, Nation.Scotland);
        var england = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        scotland.LimitHours.Should().Be(72);
        scotland.BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 11, 30));
        england.LimitHours.Should().Be(48);
        england.BankHolidaysInWindow.Should().BeEmpty();
    }

    [Fact]
    public void The_second_of_January_extends_cover_in_Scotland_only()
    {
        var clock = new FakeClock(London(2026, 1, 2, 9));

        LimitForCoverStartingNow(clock, Nation.Scotland).BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 1, 2));
        LimitForCoverStartingNow(clock, Nation.EnglandAndWales).LimitHours.Should().Be(48);
    }

    [Fact]
    public void The_Twelfth_extends_cover_in_Northern_Ireland_only()
    {
        var clock = new FakeClock(London(2027, 7, 10, 18));

        LimitForCoverStartingNow(clock, Nation.NorthernIreland).BankHolidaysInWindow.Should().Equal(new LocalDate(2027, 7, 12));
        LimitForCoverStartingNow(clock, Nation.Scotland).LimitHours.Should().Be(48);
    }

    [Fact]
    public void Two_holidays_in_the_window_still_give_72_hours()
    {
        var clock = new FakeClock(London(2025, 12, 24, 12));

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales);

        limit.LimitHours.Should().Be(72);
        limit.BankHolidaysInWindow.Should().Equal(new LocalDate(2025, 12, 25), new LocalDate(2025, 12, 26));
    }

    [Fact]
    public void The_hours_and_the_days_that_count_are_configurable()
    {
        var clock = new FakeClock(London(2026, 6, 10, 12));
        var options = new CoverLimitOptions { BaseHours = 24, ExtendedHours = 36, ExtraDatesThatCount = ["2026-06-11"] };

        var limit = LimitForCoverStartingNow(clock, Nation.EnglandAndWales, options);

        limit.LimitHours.Should().Be(36);
        limit.BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 6, 11));
        LimitForCoverStartingNow(new FakeClock(London(2026, 12, 24, 9)), Nation.EnglandAndWales, new CoverLimitOptions { BankHolidaysExtend = false })
            .LimitHours.Should().Be(48, "bank holidays can be switched off as a reason to extend");
    }
}
