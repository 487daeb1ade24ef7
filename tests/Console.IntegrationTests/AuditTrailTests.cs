using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using MassTransit;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.IntegrationTests;

[Collection(ConsoleCollection.Name)]
public sealed class AuditTrailTests(ConsoleFixture system)
{
    /// <summary>
    /// An activation reported by a paramedic (card lookup is not running here, so the carer is not identified), with a
    /// note and its closing: four steps, three of them taken by people.
    /// </summary>
    private async Task<Guid> ActivationWithFourStepsAsync()
    {
        var intake = system.Intake.CreateClient();
        var id = await system.ReportedByParamedicAsync();
        (await intake.PostAsJsonAsync($"/activations/{id}/notes", new { by = "Coordinator C. Ahmed", text = "Daughter Sue phoned" })).EnsureSuccessStatusCode();
        (await intake.PostAsJsonAsync($"/activations/{id}/close", new { outcome = "NoCoverNeeded", closedBy = "Duty manager D. Shaw", notes = "Daughter staying" })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<IReadOnlyList<JsonElement>> IntakeTimelineAsync(Guid id) =>
        (await system.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).EnumerateArray().ToList();

    [Fact]
    public async Task A_step_delivered_twice_is_on_the_timeline_once()
    {
        var id = await system.ReportedByParamedicAsync();
        var declined = new Contracts.Rostering.OfferDeclined(id, Guid.NewGuid(), Guid.NewGuid(), "busy", system.Clock.GetCurrentInstant(), "Asha Patel");
        var messageId = NewId.NextGuid();
        await system.Bus.PublishNewsAsync(declined, messageId);
        await Eventually.GetAsync(async () => (await IntakeTimelineAsync(id)).Any(e => e.GetProperty("summary").GetString()!.StartsWith("Asha Patel declined", StringComparison.Ordinal)) ? "recorded" : null, what: "the first delivery on the timeline");

        await system.Bus.PublishNewsAsync(declined, messageId);
        await system.Bus.PublishNewsAsync(declined with { OfferId = Guid.NewGuid(), WorkerName = "Ben Okoro" });
        var timeline = await Eventually.GetAsync(async () => await IntakeTimelineAsync(id) is var entries
            && entries.Any(e => e.GetProperty("summary").GetString()!.StartsWith("Ben Okoro declined", StringComparison.Ordinal)) ? entries : null, what: "the step after the repeat");

        timeline.Count(e => e.GetProperty("summary").GetString()!.StartsWith("Asha Patel declined", StringComparison.Ordinal))
            .Should().Be(1, "the same message delivered again adds nothing");
    }

    [Fact]
    public async Task A_supervisor_sees_every_step_in_order_with_who_took_it_and_when()
    {
        var id = await ActivationWithFourStepsAsync();
        using var supervisor = await system.SupervisorAsync();

        var page = await supervisor.GetStringAsync($"/activations/{id}/audit");

        var rows = Rows(page);
        rows.Should().HaveCount(4);
        rows[0].Should().Contain("<td>Paramedic J. Dunn (East of England Ambulance)</td>").And.Contain("crisis-intake").And.Contain("Opened by");
        rows[1].Should().Contain("Card not identified");
        rows[2].Should().Contain("<td>Coordinator C. Ahmed</td>").And.Contain("Note by");
        rows[3].Should().Contain("<td>Duty manager D. Shaw</td>").And.Contain("Closed by");
        rows.Should().OnlyContain(r => Regex.IsMatch(r, @">\w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} (GMT|BST)</time>"), "when each step happened, to the second, in UK time");
        page.Should().Contain("type=\"datetime-local\" name=\"asOf\"");
        page.Should().Contain($"/activations/{id}/print").And.Contain($"/activations/{id}/export.csv");
    }

    [Fact]
    public async Task As_it_stood_at_an_earlier_instant_the_later_steps_are_not_there_yet()
    {
        var id = await ActivationWithFourStepsAsync();
        var timeline = await IntakeTimelineAsync(id);
        var beforeClosing = InstantPattern.ExtendedIso.Parse(timeline[3].GetProperty("at").GetString()!).Value - Duration.FromTicks(10);
        using var supervisor = await system.SupervisorAsync();
        var asOf = Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(beforeClosing));

        var page = await supervisor.GetStringAsync($"/activations/{id}/audit?asOf={asOf}");
        var csv = CsvTable.Parse(await supervisor.GetStringAsync($"/activations/{id}/export.csv?asOf={asOf}"));

        Rows(page).Should().HaveCount(3).And.NotContain(r => r.Contains("Closed by", StringComparison.Ordinal));
        page.Should().Contain("Timeline as it stood at");
        csv.Rows.Should().HaveCount(3);
    }

    [Fact]
    public async Task The_print_layout_has_the_whole_timeline_under_a_heading_naming_the_activation_and_who_generated_it()
    {
        var id = await ActivationWithFourStepsAsync();
        using var supervisor = await system.SupervisorAsync();

        using var response = await supervisor.GetAsync($"/activations/{id}/print");
        var page = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Should().Contain("<h1>Activation audit trail</h1>").And.Contain(id.ToString());
        page.Should().Contain("<dt>Generated</dt><dd>Wed 25 Nov 2026 14:00 GMT by Sam Okafor</dd>", "the console's clock and the person signed in");
        page.Should().Contain("<dt>Carer area</dt>").And.Contain("via Partner API by Paramedic J. Dunn (East of England Ambulance)");
        page.Should().Contain("complete when generated: 4 steps");
        page.Should().Contain("/css/print.css").And.NotContain("<nav>", "the console's navigation does not print");
        Rows(page).Should().HaveCount(4);
        response.Headers.CacheControl!.NoStore.Should().BeTrue("the page holds personal data");
    }

    [Fact]
    public async Task The_CSV_says_who_took_each_step()
    {
        var id = await ActivationWithFourStepsAsync();
        using var supervisor = await system.SupervisorAsync();

        using var response = await supervisor.GetAsync($"/activations/{id}/export.csv");
        var csv = CsvTable.Parse(await response.Content.ReadAsStringAsync());

        response.Content.Headers.ContentDisposition!.FileName.Should().Contain($"activation-{id}.csv");
        csv.Rows.Select(r => r["who"]).Should().Equal("Paramedic J. Dunn (East of England Ambulance)", "", "Coordinator C. Ahmed", "Duty manager D. Shaw");
        csv.Rows.Select(r => r["event"]).Should().Equal("activation_opened", "card_not_identified", "note_recorded", "activation_closed");
        csv.Rows[2]["summary"].Should().StartWith("Note by Coordinator C. Ahmed: Daughter Sue phoned");
    }

    [Fact]
    public async Task The_JSON_download_is_intake_s_timeline_as_it_is()
    {
        var id = await ActivationWithFourStepsAsync();
        using var supervisor = await system.SupervisorAsync();

        var json = await supervisor.GetFromJsonAsync<JsonElement>($"/activations/{id}/export.json");

        json.EnumerateArray().Select(e => e.GetProperty("event").GetString()).Should().Equal("activation_opened", "card_not_identified", "note_recorded", "activation_closed");
    }

    [Fact]
    public async Task Coordinators_cannot_open_the_audit_views_and_a_bad_instant_or_unknown_activation_is_said_so()
    {
        var id = await ActivationWithFourStepsAsync();
        using var coordinator = await system.CoordinatorAsync();
        using var supervisor = await system.SupervisorAsync();

        foreach (var path in new[] { "audit", "print", "export.csv", "export.json" })
        {
            (await coordinator.GetAsync($"/activations/{id}/{path}")).StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
        }

        var bad = await supervisor.GetAsync($"/activations/{id}/audit?asOf=yesterday");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("asOf", out _).Should().BeTrue();
        (await supervisor.GetAsync($"/activations/{Guid.NewGuid()}/print")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await supervisor.GetAsync($"/activations/{Guid.NewGuid()}/export.csv")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static List<string> Rows(string page) =>
        System.Text.RegularExpressions.Regex.Matches(page, "<tr data-event=\"[^\"]*\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
            .ToList();
}
