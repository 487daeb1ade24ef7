using Cers.Dispatch.Console.Reports;
using Cers.Dispatch.Console.Supervision;
using NodaTime;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Tests;

public sealed class ReportPresentationTests
{
    private static readonly YearMonth March = new(2026, 3);

    private static ActivationFigures OfferedAfter(int day, double minutes, string channel = "Phone")
    {
        var id = Guid.NewGuid();
        var opened = Instant.FromUtc(2026, 3, day, 8, 0);
        return new ActivationFigures(id)
            .Opened(new Intake.ActivationOpened(id, channel, null, "Illness", "Ambulance", "Paramedic", null, opened))
            .Offered(new Rostering.OfferSent(id, Guid.NewGuid(), Guid.NewGuid(), "Asha", 1, null, opened, opened + Duration.FromMinutes(minutes)));
    }

    [Fact]
    public void The_CSV_has_a_row_per_month_and_one_for_the_whole_range_with_times_in_minutes()
    {
        var report = CommissionersReport.Build([OfferedAfter(2, 5), OfferedAfter(3, 10, "PartnerApi")], March, new YearMonth(2026, 4), Instant.FromUtc(2026, 4, 30, 0, 0));

        var lines = ReportCsv.Write(report).ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        lines[0].Should().StartWith("\"month\",\"activations\",\"channel: PartnerApi\",\"channel: Phone\",\"reason: Illness\",\"first_offer_count\",\"first_offer_median_minutes\",\"first_offer_p90_minutes\"");
        lines[1].Should().StartWith("\"2026-03\",\"2\",\"1\",\"1\",\"2\",\"2\",\"7.5\",\"9.5\",\"0\",\"\",\"\"");
        lines[2].Should().StartWith("\"2026-04\",\"0\",\"0\",\"0\",\"0\",\"0\",\"\",\"\"");
        lines[3].Should().StartWith("\"all\",\"2\"");
        lines.Should().HaveCount(4);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+44 7700 900123", "\"'+44 7700 900123\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("Asha Patel, on call", "\"Asha Patel, on call\"")]
    public void A_CSV_field_is_quoted_and_never_runs_as_a_spreadsheet_formula(string value, string field) =>
        Csv.Field(value).Should().Be(field);

    [Theory]
    [InlineData(0, false, 0.25)]
    [InlineData(0.1, false, 0.1)]
    [InlineData(1.75, false, 2)]
    [InlineData(3, false, 5)]
    [InlineData(6, false, 10)]
    [InlineData(23, false, 25)]
    [InlineData(101, false, 200)]
    [InlineData(0, true, 1)]
    [InlineData(0.25, true, 1)]
    [InlineData(2.1, true, 5)]
    [InlineData(6, true, 10)]
    [InlineData(21, true, 25)]
    public void A_chart_axis_steps_by_round_numbers_and_counts_by_whole_ones(double least, bool wholeNumbers, double step) =>
        SvgChart.AxisStep(least, wholeNumbers).Should().Be(step);

    [Fact]
    public void A_chart_is_an_image_with_a_title_and_description_and_each_bar_says_its_figure()
    {
        var svg = SvgChart.Bars(
            "by-channel", "Activations per month by channel", "Stacked by how they were reported.",
            ["Mar 2026", "Apr 2026"],
            [new ChartSeries("Phone", [3, 0]), new ChartSeries("Partner API", [1, 2])],
            stacked: true,
            v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture));

        svg.Should().StartWith("<svg class=\"chart\" id=\"by-channel\" role=\"img\" aria-labelledby=\"by-channel-title by-channel-desc\"");
        svg.Should().Contain("<title id=\"by-channel-title\">Activations per month by channel</title>");
        svg.Should().Contain("<desc id=\"by-channel-desc\">Stacked by how they were reported.</desc>");
        svg.Should().Contain("<title>Mar 2026, Phone: 3</title>").And.Contain("<title>Mar 2026, Partner API: 1</title>").And.Contain("<title>Apr 2026, Partner API: 2</title>");
        svg.Should().NotContain("Apr 2026, Phone", "an empty segment is not drawn");
        svg.Should().NotContain("<script").And.NotContain("http://", "the chart needs no script and nothing from elsewhere").And.EndWith("</svg>");
    }

    [Fact]
    public void Names_in_the_charts_read_as_words() =>
        new[] { "AdmittedToHospital", "PartnerApi", "LongerTermCareInPlace", "Phone" }.Select(Wording.Words)
            .Should().Equal("Admitted to hospital", "Partner API", "Longer term care in place", "Phone");
}
