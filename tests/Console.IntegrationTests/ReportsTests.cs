using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using NodaTime;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.IntegrationTests;

[Collection(ConsoleCollection.Name)]
public sealed class ReportsTests(ConsoleFixture system)
{

    private Task Publish<T>(T message, Guid? messageId = null)
        where T : class => system.Bus.PublishNewsAsync(message, messageId ?? Guid.NewGuid());

    [Fact]
    public async Task Messages_from_the_services_over_RabbitMQ_become_the_commissioners_figures_once_each_and_in_any_order()
    {
        // Reports in months of their own (2025), so other tests' activations never change these figures.
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        var openedA = Instant.FromUtc(2025, 10, 5, 8, 0);
        var openedB = Instant.FromUtc(2025, 10, 12, 21, 0);
        var openedC = Instant.FromUtc(2025, 11, 2, 3, 0);
        var aOpening = new Intake.ActivationOpened(a, "Phone", "4921770012", "AdmittedToHospital", "Ambulance", "Paramedic J. Dunn", null, openedA);
        var sameEscalation = Guid.NewGuid();

        // B's offer reaches the console before B's opening does.
        await Publish(new Rostering.OfferSent(b, Guid.NewGuid(), Guid.NewGuid(), "Ben Okoro", 1, null, openedB + Duration.FromMinutes(20), openedB + Duration.FromMinutes(10)));
        await Publish(aOpening, a);
        await Publish(aOpening, a);
        await Publish(new Intake.ActivationOpened(b, "PartnerApi", null, "Illness", "Addenbrooke's", "Ward sister", null, openedB));
        await Publish(new Intake.ActivationOpened(c, "Phone", null, "Accident", "Police", "PC Rowe", null, openedC));
        await Publish(new Rostering.OfferSent(a, Guid.NewGuid(), Guid.NewGuid(), "Asha Patel", 1, null, openedA + Duration.FromMinutes(16), openedA + Duration.FromMinutes(6)));
        await Publish(new Rostering.OfferSent(a, Guid.NewGuid(), Guid.NewGuid(), "Ben Okoro", 2, null, openedA + Duration.FromMinutes(30), openedA + Duration.FromMinutes(20)));
        // As rostering tells a first arrival: with the start of cover it made, in one message.
        await Publish(new Rostering.WorkerArrived(
            a, Guid.NewGuid(), openedA + Duration.FromMinutes(50), "Asha Patel", true, new Rostering.CoverStarted(a, openedA + Duration.FromMinutes(50), "england-and-wales")));
        await Publish(new Rostering.WorkerArrived(b, Guid.NewGuid(), openedB + Duration.FromMinutes(70)));
        await Publish(new Escalation.CoverLimitReached(a, openedA + Duration.FromHours(49), openedA + Duration.FromHours(49)));
        await Publish(new Escalation.CoverLimitEscalated(a, 1, ["duty manager"], openedA + Duration.FromHours(49)), sameEscalation);
        await Publish(new Escalation.CoverLimitEscalated(a, 1, ["duty manager"], openedA + Duration.FromHours(49)), sameEscalation);
        await Publish(new Escalation.CoverLimitEscalated(a, 2, ["duty manager", "head of service"], openedA + Duration.FromHours(53)));
        await Publish(new Intake.ActivationClosed(a, "LongerTermCareInPlace", "Coordinator C. Ahmed", openedA + Duration.FromHours(58) + Duration.FromMinutes(50)));

        var supervisor = await system.SupervisorAsync();
        var rows = await Eventually.GetAsync(async () =>
        {
            var csv = await supervisor.GetStringAsync("/reports.csv?from=2025-10&to=2025-11");
            var table = CsvTable.Parse(csv);
            // B's offer, refused until B's opening has been taken, shows last, when it is tried again.
            return table.Rows.Any(r => r.TryGetValue("outcome: LongerTermCareInPlace", out var closed) && closed == "1")
                && table.Rows.Any(r => r.TryGetValue("first_offer_count", out var offered) && offered == "2") ? table : null;
        }, within: TimeSpan.FromSeconds(30), what: "the report to hold every message");

        var october = rows.Row("2025-10");
        october["activations"].Should().Be("2");
        october["channel: Phone"].Should().Be("1");
        october["channel: PartnerApi"].Should().Be("1");
        october["reason: AdmittedToHospital"].Should().Be("1");
        october["reason: Illness"].Should().Be("1");
        october["first_offer_median_minutes"].Should().Be("8", "A was first offered after 6 minutes (not 20), B after 10");
        october["first_offer_p90_minutes"].Should().Be("9.6");
        october["on_site_median_minutes"].Should().Be("60");
        october["on_site_p90_minutes"].Should().Be("68");
        october["cover_hours"].Should().Be("58", "A's cover ran from 50 minutes after the call to its closing");
        october["cover_limits_reached"].Should().Be("1");
        october["breach_escalations"].Should().Be("2", "the same escalation delivered twice counts once");
        october["still_open"].Should().Be("1");
        var november = rows.Row("2025-11");
        november["activations"].Should().Be("1");
        november["channel: Phone"].Should().Be("1");
        november["first_offer_count"].Should().Be("0");
        november["first_offer_median_minutes"].Should().BeEmpty();
        rows.Row("all")["activations"].Should().Be("3");
    }

    [Fact]
    public async Task The_reports_page_draws_each_chart_as_inline_SVG_with_its_figures_in_a_table()
    {
        var id = Guid.NewGuid();
        await Publish(new Intake.ActivationOpened(id, "PlannedCover", "4921770012", "Other", "Carer", "Margaret Hale", null, Instant.FromUtc(2024, 3, 4, 9, 0)));
        var supervisor = await system.SupervisorAsync();

        var page = await Eventually.GetAsync(async () =>
        {
            var html = await supervisor.GetStringAsync("/reports?from=2024-02&to=2024-03");
            // The chart's own words: the header's "Planned cover" link is on every page.
            return html.Contains("<title>Mar 2024, Planned cover: 1</title>", StringComparison.Ordinal) ? html : null;
        }, what: "the planned-cover activation on the reports page");

        foreach (var chart in new[] { "by-channel", "by-reason", "to-first-offer", "to-on-site", "cover-hours", "cover-limits", "outcomes" })
        {
            page.Should().Contain($"<svg class=\"chart\" id=\"{chart}\" role=\"img\" aria-labelledby=\"{chart}-title {chart}-desc\"");
            page.Should().Contain($"<table id=\"{chart}-table\">");
        }

        page.Should().Contain("<title>Mar 2024, Planned cover: 1</title>");
        page.Should().Contain("<tr><th scope=\"row\">Feb 2024</th><td>0</td></tr>").And.Contain("<tr><th scope=\"row\">Mar 2024</th><td>1</td></tr>");
        page.Should().NotContain("<script src=\"http", "nothing is loaded from elsewhere");
        page.Should().Contain("Generated ").And.Contain("by Sam Okafor");
    }

    [Fact]
    public async Task Administrators_see_the_reports_but_coordinators_are_refused()
    {
        using var admin = await system.AdministratorAsync();
        using var coordinator = await system.CoordinatorAsync();

        (await admin.GetAsync("/reports")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync("/reports.csv")).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await coordinator.GetAsync("/reports.csv");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_month_that_is_not_a_month_or_a_range_that_runs_backwards_is_refused_naming_the_field()
    {
        using var supervisor = await system.SupervisorAsync();

        var badMonth = await supervisor.GetAsync("/reports.csv?from=2026-13&to=2026-11");
        var backwards = await supervisor.GetAsync("/reports?from=2026-11&to=2026-01");

        badMonth.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badMonth.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await badMonth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _).Should().BeTrue();
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("to")[0].GetString().Should().Contain("or later");
    }

    [Theory]
    [InlineData("/reports?from=9999-12&to=9999-12")]
    [InlineData("/reports.csv?from=9999-01&to=9999-12")]
    [InlineData("/reports?to=0001-01")]
    [InlineData("/reports?from=0001-01&to=9999-12")]
    public async Task Months_at_the_ends_of_the_calendar_are_answered_not_a_500(string path)
    {
        using var supervisor = await system.SupervisorAsync();

        using var response = await supervisor.GetAsync(path);

        ((int)response.StatusCode).Should().BeOneOf([200, 400], "a month at the edge of the calendar is either a report or a refusal naming the field");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Should().NotBeEmpty();
        }
    }

    [Fact]
    public async Task Without_a_range_the_report_covers_the_last_six_months_to_this_one()
    {
        using var supervisor = await system.SupervisorAsync();

        var csv = CsvTable.Parse(await supervisor.GetStringAsync("/reports.csv"));

        csv.Rows.Select(r => r["month"]).Should().Equal("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "all");
    }
}
