using Cers.Dispatch.Escalation.BankHolidays;
using NodaTime;

namespace Cers.Dispatch.Escalation.Tests;

public sealed class BankHolidayCalendarTests
{
    [Theory]
    [InlineData("england-and-wales", "2025-04-21")]
    [InlineData("england-and-wales", "2026-12-28")]
    [InlineData("england-and-wales", "2027-12-27")]
    [InlineData("england-and-wales", "2028-01-03")]
    [InlineData("england-and-wales", "2028-08-28")]
    [InlineData("scotland", "2025-12-01")]
    [InlineData("scotland", "2027-01-04")]
    [InlineData("scotland", "2028-08-07")]
    [InlineData("northern-ireland", "2025-07-14")]
    [InlineData("northern-ireland", "2028-03-17")]
    public void The_shipped_calendar_knows_the_nations_holidays_including_substitute_days(string division, string date)
    {
        Nations.TryParse(division, out var nation).Should().BeTrue();

        Calendar.Shipped.IsBankHoliday(nation, NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value).Should().BeTrue();
    }

    [Fact]
    public void The_shipped_calendar_runs_from_2025_to_the_end_of_2028_for_every_nation()
    {
        foreach (var nation in Enum.GetValues<Nation>())
        {
            var days = Calendar.Shipped.Holidays(nation).ToList();
            days.First().Should().Be(new LocalDate(2025, 1, 1));
            days.Last().Should().Be(new LocalDate(2028, 12, 26));
            days.Should().OnlyContain(d => d.DayOfWeek != IsoDayOfWeek.Saturday && d.DayOfWeek != IsoDayOfWeek.Sunday);
        }
    }

    [Fact]
    public void Easter_Monday_is_not_a_Scottish_bank_holiday()
    {
        Calendar.Shipped.IsBankHoliday(Nation.Scotland, new LocalDate(2026, 4, 6)).Should().BeFalse();
        Calendar.Shipped.IsBankHoliday(Nation.EnglandAndWales, new LocalDate(2026, 4, 6)).Should().BeTrue();
    }

    [Fact]
    public void A_document_that_is_not_in_the_GOV_UK_shape_is_refused_with_each_problem_named()
    {
        const string json = """
            {"england-and-wales":{"division":"england-and-wales","events":[{"title":"New Year's Day","date":"1 Jan 2029","notes":"","bunting":true}]},
             "scotland":{"division":"wales","events":[{"title":"New Year's Day","date":"2029-01-01","notes":"","bunting":true}]}}
            """;

        var (calendar, problems) = BankHolidayDocument.Parse(json);

        calendar.Should().BeNull();
        problems.Should().HaveCount(3);
        problems.Should().Contain(p => p.Contains("england-and-wales\" event 0", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("names itself \"wales\"", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("\"northern-ireland\" is missing", StringComparison.Ordinal));
        BankHolidayDocument.Parse("[1,2]").Problems.Should().ContainSingle().Which.Should().StartWith("Not a JSON object");
    }

    [Theory]
    [InlineData("Scotland", Nation.Scotland)]
    [InlineData("england", Nation.EnglandAndWales)]
    [InlineData("Wales", Nation.EnglandAndWales)]
    [InlineData("northern_ireland", Nation.NorthernIreland)]
    public void A_nation_is_read_from_the_division_name_or_the_country(string text, Nation expected)
    {
        Nations.TryParse(text, out var nation).Should().BeTrue();
        nation.Should().Be(expected);
    }
}
