using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using NodaTime;

namespace Cers.Dispatch.EndToEnd.Paging;

/// <summary>
/// Every alarm reaches a person, who answers for it: through the real services, RabbitMQ and the Twilio stand-in, on the
/// shared FakeClock (alarms repeat every 5 minutes by default). The on-call chain is Cora, then Cal (coordinators), then
/// Dee (duty manager).
/// </summary>
[Collection(PagingCollection.Name)]
public sealed class PagingTests(PagingFixture fixture)
{
    private static readonly Duration Repeat = Duration.FromMinutes(5);

    private PagingScenario Scenario => new(fixture);

    private WholeSystemFixture System => fixture.System;

    [Fact]
    public async Task A_cover_limit_warning_pages_the_coordinator_climbs_to_the_next_when_unanswered_and_stops_when_she_texts_ACK()
    {
        var scenario = Scenario;
        var (activationId, worker) = await scenario.ActivationAsync();
        await scenario.TimelineShowingAsync(activationId, "Cover limit 48 hours");

        System.Clock.Advance(Duration.FromHours(24) + Duration.FromMinutes(1));
        var (alarm, first) = await scenario.PageAsync(activationId, AlarmKinds.CoverLimitWarning, fixture.Cora);
        first.Body.Should().Contain("reaches its limit in 24 h").And.Contain($"Reply ACK {alarm.Code}").And.NotContain("Mill Road", "a page names the area, never the address");
        await scenario.PagingSettledAsync(alarm);
        scenario.PagesByCall(alarm, fixture.Cora).Should().ContainSingle("a page rings as well as texts")
            .Which.Twiml.Should().Contain("Press 1 to acknowledge");
        scenario.PagesBySms(alarm, fixture.Cal).Should().BeEmpty("the next in the chain is paged only if the first does not answer");

        System.Clock.Advance(Repeat);
        await scenario.SmsAsync(m => m.To == fixture.Cal.Phone && m.Body.StartsWith($"CERS ALARM {alarm.Code}", StringComparison.Ordinal), "the page climbing to Cal");
        await scenario.PagingSettledAsync(alarm);
        scenario.PagesByCall(alarm, fixture.Cal).Should().ContainSingle();
        scenario.PagesBySms(alarm, fixture.Cora).Should().HaveCount(2, "Cora, paged first, is reminded as the page climbs");

        (await scenario.TextAsync(fixture.Cal.Phone, $"ack {alarm.Code}")).Should().Contain($"alarm {alarm.Code} is yours");
        (await scenario.TextAsync(fixture.Cora.Phone, $"ACK {alarm.Code}")).Should().Contain("no open alarm", "it was answered already");
        System.Clock.Advance(Repeat * 3);
        await scenario.PagingSettledAsync(alarm);
        scenario.PagesBySms(alarm, fixture.Dee).Should().BeEmpty("an acknowledged alarm climbs no further");
        scenario.PagesBySms(alarm, fixture.Cal).Should().HaveCount(1);

        var timeline = await scenario.TimelineShowingAsync(activationId, $"Alarm {alarm.Code} acknowledged by Cal Coordinator (coordinator) (by SMS)");
        timeline.Should().Contain(s => s.StartsWith($"Alarm {alarm.Code} raised: Cover", StringComparison.Ordinal));
        timeline.Should().Contain($"Cora Coordinator (coordinator) paged by SMS for alarm {alarm.Code} (accepted by twilio)");
        timeline.Should().Contain($"Cal Coordinator (coordinator) paged by phone call for alarm {alarm.Code} (accepted by twilio)");
        timeline.Should().NotContain(s => s.Contains("warned", StringComparison.Ordinal), "nobody is said to be told but by a message a provider accepted");
        await scenario.DoneAsync(activationId, worker.Id);
    }

    [Fact]
    public async Task A_breach_of_the_cover_limit_pages_until_a_coordinator_answers_for_it_in_the_console()
    {
        var scenario = Scenario;
        var (activationId, worker) = await scenario.ActivationAsync();
        await scenario.TimelineShowingAsync(activationId, "Cover limit 48 hours");
        await AcknowledgeWarningsAsync(scenario, activationId, Duration.FromHours(48) + Duration.FromMinutes(1));

        var (alarm, page) = await scenario.PageAsync(activationId, AlarmKinds.CoverLimitBreach, fixture.Cora);
        page.Body.Should().Contain("past its limit");
        System.Clock.Advance(Repeat);
        await scenario.SmsAsync(m => m.To == fixture.Cal.Phone && m.Body.StartsWith($"CERS ALARM {alarm.Code}", StringComparison.Ordinal), "the breach climbing to Cal");

        using var answered = await System.Rostering.CreateClientAs(CersRoles.Coordinator)
            .PostAsJsonAsync($"/alarms/{alarm.Id}/acknowledgement", new { acknowledgedBy = "Coordinator Cora (console)" });
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        System.Clock.Advance(Repeat * 3);
        await scenario.PagingSettledAsync(alarm);
        scenario.PagesBySms(alarm, fixture.Dee).Should().BeEmpty("the console's answer stopped the climb");
        await scenario.TimelineShowingAsync(activationId, $"Alarm {alarm.Code} acknowledged by Coordinator Cora (console) (in the console)");
        await scenario.DoneAsync(activationId, worker.Id);
    }

    [Fact]
    public async Task No_worker_on_site_in_time_pages_the_coordinator_who_answers_by_pressing_1_on_the_call()
    {
        var scenario = Scenario;
        var (activationId, worker) = await scenario.ActivationAsync(arrive: false);

        System.Clock.Advance(Duration.FromHours(4) + Duration.FromMinutes(1));
        var (alarm, page) = await scenario.PageAsync(activationId, AlarmKinds.NoWorkerOnSiteInTime, fixture.Cora);
        page.Body.Should().Contain("No worker is on site");
        var call = await Eventually.GetAsync(() => Task.FromResult(scenario.PagesByCall(alarm, fixture.Cora).FirstOrDefault()), what: "the call to Cora");
        var keypress = XElement.Parse(call.Twiml).Element("Gather")!.Attribute("action")!.Value;
        var path = new Uri(keypress).PathAndQuery;

        var twiml = await new TwilioCaller(System.Rostering.CreateClient()).TwiMLAsync(path, new Dictionary<string, string>
        {
            ["CallSid"] = TwilioCaller.NewCallSid(), ["AccountSid"] = WholeSystemFixture.AccountSid, ["From"] = WholeSystemFixture.OurNumber,
            ["To"] = fixture.Cora.Phone, ["Digits"] = "1", ["CallStatus"] = "in-progress",
        });

        twiml.Element("Say")!.Value.Should().Contain("The alarm is yours");
        System.Clock.Advance(Repeat * 2);
        await scenario.PagingSettledAsync(alarm);
        scenario.PagesBySms(alarm, fixture.Cal).Should().BeEmpty("Cora answered on the call");
        await scenario.TimelineShowingAsync(activationId, $"Alarm {alarm.Code} acknowledged by Cora Coordinator (coordinator) (by pressing 1 on the call)");
        await scenario.DoneAsync(activationId, worker.Id);
    }

    [Fact]
    public async Task When_the_only_worker_leaves_nobody_on_site_is_shown_a_replacement_is_offered_and_the_coordinator_is_paged_if_nobody_comes()
    {
        var scenario = Scenario;
        var (activationId, worker) = await scenario.ActivationAsync();
        var relief = await Seed.CareWorkerOnCallAsync(System.Rostering.CreateClient(), $"Relief {Guid.NewGuid().ToString("N")[..6]}", 52.2010, 0.1380);

        (await scenario.TextAsync(worker.Phone, "LEFT")).Should().Contain("leaving is recorded");

        await scenario.TimelineShowingAsync(activationId, "a replacement is being sought");
        var offer = await scenario.SmsAsync(m => m.To == relief.Phone && m.Body.Contains("Reply YES", StringComparison.Ordinal), "the offer to the relief worker");
        offer.Body.Should().Contain("needed now");
        (await scenario.TextAsync(relief.Phone, $"YES {offer.Body.Split("Reply YES ")[1].Split(' ')[0]}")).Should().Contain("is yours");

        System.Clock.Advance(Duration.FromMinutes(16));
        var (alarm, page) = await scenario.PageAsync(activationId, AlarmKinds.NobodyOnSite, fixture.Cora);
        page.Body.Should().Contain("Nobody has been on site").And.Contain("is on the way", "the relief has said YES but is not there yet");

        (await scenario.TextAsync(relief.Phone, "ARRIVED")).Should().Contain("arrival is recorded");
        var stoodDown = await scenario.AlarmAsync(a => a.Id == alarm.Id && a.State == AlarmState.StoodDown, "the alarm stood down once the relief arrived");
        stoodDown.StoodDownWhy.Should().Contain("arrived");
        await scenario.DoneAsync(activationId, worker.Id);
        using var reliefOff = await System.Rostering.CreateClient().PostAsJsonAsync($"/staff/{relief.Id}/deactivate", new { reason = "test finished" });
        reliefOff.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Someone_trying_card_numbers_pages_the_duty_manager_until_she_answers()
    {
        var scenario = Scenario;
        var caller = $"+44770090{Random.Shared.Next(1000, 9999)}";
        var cards = System.CardLookup.CreateClient();
        foreach (var guess in new[] { "4921 7730 5519", "1000 0000 0001", "4921 7730 5512", "1234 5678 9012", "4921 7730 0000" })
        {
            using var _ = await cards.GetAsync($"/lookup/card/{Uri.EscapeDataString(guess)}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
        }

        var alarm = await scenario.AlarmAsync(a => a.Kind == AlarmKinds.CardGuessing && a.Summary.Contains(caller, StringComparison.Ordinal), "the card-guessing alarm");
        await scenario.SmsAsync(m => m.To == fixture.Dee.Phone && m.Body.StartsWith($"CERS ALARM {alarm.Code}", StringComparison.Ordinal), "the page to the duty manager");
        scenario.PagesBySms(alarm, fixture.Cora).Should().BeEmpty("card guessing is the duty manager's");
        System.Clock.Advance(Repeat);
        await Eventually.GetAsync(() => Task.FromResult(scenario.PagesBySms(alarm, fixture.Dee) is { Count: 2 } both ? both : null), what: "the page repeated to the only duty manager");

        // By code: the duty manager may have other alarms open on the shared clock (cards that cannot be served, say).
        (await scenario.TextAsync(fixture.Dee.Phone, $"ACK {alarm.Code}")).Should().Contain($"alarm {alarm.Code} is yours");
        (await scenario.AlarmAsync(a => a.Id == alarm.Id && a.State == AlarmState.Acknowledged, "the alarm answered")).AcknowledgedVia.Should().Be("sms");
    }

    /// <summary>Advances to <paramref name="by"/> after cover started, answering each warning on the way so it stops paging.</summary>
    private async Task AcknowledgeWarningsAsync(PagingScenario scenario, Guid activationId, Duration by)
    {
        var start = System.Clock.GetCurrentInstant();
        foreach (var hoursBefore in new[] { 24, 12, 4, 1 })
        {
            var at = Duration.FromHours(48 - hoursBefore) + Duration.FromMinutes(1);
            System.Clock.Advance(at - (System.Clock.GetCurrentInstant() - start));
            var warning = await scenario.AlarmAsync(a => a.ActivationId == activationId && a.Kind == AlarmKinds.CoverLimitWarning && a.Summary.Contains($"in {hoursBefore} h", StringComparison.Ordinal), $"the {hoursBefore} h warning");
            using var answered = await System.Rostering.CreateClientAs(CersRoles.Coordinator).PostAsJsonAsync($"/alarms/{warning.Id}/acknowledgement", new { acknowledgedBy = "Cora" });
            answered.EnsureSuccessStatusCode();
        }

        System.Clock.Advance(by - (System.Clock.GetCurrentInstant() - start));
    }
}
