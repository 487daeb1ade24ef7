using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>Alarms on the live board, answered in the browser; a form sent twice that acts once.</summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed partial class AlarmsOnTheBoardTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task An_alarm_appears_on_the_open_board_stays_loud_and_stops_paging_when_a_coordinator_clicks_I_have_this()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url("/"));
        await page.Locator("body[data-live='true']").WaitForAsync(new() { Timeout = 15_000 });
        var caller = $"+4477009{Random.Shared.Next(10000, 99999)}";

        var cards = system.Whole.CardLookup.CreateClient();
        foreach (var guess in new[] { "4921 7730 5519", "1000 0000 0001", "4921 7730 5512", "1234 5678 9012", "4921 7730 0000" })
        {
            using var _ = await cards.GetAsync($"/lookup/card/{Uri.EscapeDataString(guess)}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
        }

        var row = page.Locator("#alarms tr[data-alarm]", new() { HasText = caller });
        await row.WaitForAsync(new() { Timeout = 60_000 });
        (await row.InnerTextAsync()).Should().Contain("Card guessing suspected");
        (await page.Locator("#alarms").GetAttributeAsync("data-sounding")).Should().Be("true", "an unanswered alarm keeps the board sounding");
        (await page.Locator("body").GetAttributeAsync("data-alarm")).Should().Be("sounding");
        var alarmId = Guid.Parse((await row.GetAttributeAsync("data-alarm"))!);
        await SystemFixture.KeepScreenshotAsync(page, "alarm-on-the-board");

        await row.GetByRole(AriaRole.Button, new() { Name = "I have this" }).ClickAsync();

        await page.ArrivedAtAsync(new Regex(@"\?done=acknowledged$"));
        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Alarm acknowledged");
        (await page.Locator("#alarms tr[data-alarm]", new() { HasText = caller }).CountAsync()).Should().Be(0, "an answered alarm leaves the board");
        var alarm = await system.Whole.Rostering.CreateClientAs(CersRoles.Coordinator).GetFromJsonAsync<Alarm>($"/alarms/{alarmId}", Paging.PagingScenario.Json);
        alarm!.State.Should().Be(AlarmState.Acknowledged);
        alarm.AcknowledgedBy.Should().Be(ConsoleSignIn.Coordinator.DisplayName);
        alarm.AcknowledgedVia.Should().Be("console");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_page_no_provider_can_send_leaves_the_alarm_loud_on_the_board_naming_who_could_not_be_reached_and_the_failing_provider()
    {
        var rostering = system.Whole.Rostering.CreateClient();
        // Outside 07700 900500-999, where Seed gives care workers numbers at random.
        using var staff = await rostering.PostAsJsonAsync("/staff", new
        {
            name = "Dora Duty", phone = "+447700900481", role = "duty-manager", skills = Array.Empty<string>(), training = Array.Empty<object>(),
            languages = new[] { "en" }, active = true, registeredBy = "Duty manager D. Shaw",
        });
        staff.EnsureSuccessStatusCode();
        var dora = (await staff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var rota = await rostering.PostAsJsonAsync("/rotations", new
        {
            name = "Duty managers (Dora)", role = "duty-manager", kind = "on-call", participants = new[] { dora },
            startsAt = "2026-11-02T09:00:00", turnDays = 7, priority = 0, createdBy = "Duty manager D. Shaw",
        });
        rota.EnsureSuccessStatusCode();
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url("/"));
        await page.Locator("body[data-live='true']").WaitForAsync(new() { Timeout = 15_000 });
        var caller = $"+4477009{Random.Shared.Next(10000, 99999)}";
        system.Whole.Twilio.Outage = FakeTwilio.ServerError;
        try
        {
            var cards = system.Whole.CardLookup.CreateClient();
            foreach (var guess in new[] { "4921 7730 5519", "1000 0000 0001", "4921 7730 5512", "1234 5678 9012", "4921 7730 0000" })
            {
                using var _ = await cards.GetAsync($"/lookup/card/{Uri.EscapeDataString(guess)}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
            }

            var row = page.Locator("#alarms tr[data-alarm]", new() { HasText = caller });
            await row.WaitForAsync(new() { Timeout = 60_000 });
            var unreached = page.Locator("#alarms tr.unreached", new() { HasText = "could not reach Dora Duty" });
            await Eventually.GetAsync(async () =>
            {
                // Each failed round is tried again a little later by the service's clock: move it on until three have failed.
                system.Whole.Clock.Advance(NodaTime.Duration.FromSeconds(20));
                await Task.Delay(500);
                return await unreached.CountAsync() > 0 ? "shown" : null;
            }, within: TimeSpan.FromSeconds(60), what: "the page that could not be sent, in red on the board");

            (await page.Locator("#alarms").GetAttributeAsync("data-sounding")).Should().Be("true");
            (await page.Locator(".provider-failing").InnerTextAsync()).Should().Contain("twilio").And.Contain("failing");
            await SystemFixture.KeepScreenshotAsync(page, "alarm-not-delivered");
            await row.GetByRole(AriaRole.Button, new() { Name = "I have this" }).ClickAsync();
            await page.ArrivedAtAsync(new Regex(@"\?done=acknowledged$"));
        }
        finally
        {
            system.Whole.Twilio.Outage = null;
            using var _ = await rostering.PostAsJsonAsync($"/staff/{dora}/deactivate", new { reason = "test finished" });
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task A_safeguarding_concern_sent_twice_from_one_form_is_recorded_once_and_its_lead_paged_once()
    {
        var card = (await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient())).CardNumber;
        using var opened = await system.Whole.Intake.CreateClientAsAgency("East of England Ambulance Service").PostAsJsonAsync("/activations", new
        {
            cardNumber = card, reason = "AdmittedToHospital",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic J. Wood", callBackNumber = "+447700900321" },
        });
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url($"/activations/{id}"));
        await page.GetByLabel("About").SelectOptionAsync("Child");
        await page.GetByLabel("Kind of harm").SelectOptionAsync("Emotional");
        await page.GetByLabel("What was seen or said, in the words used").FillAsync("The boy said he is shouted at every night.");

        // Two submissions of the same filled-in form, as a double click or the back button and submit again send it.
        var statuses = await page.EvaluateAsync<int[]>("""
            async () => {
              const form = document.querySelector("form[action$='/safeguarding-concerns']");
              const send = () => fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), redirect: 'manual' });
              const answers = await Promise.all([send(), send()]);
              return answers.map(a => a.status);
            }
            """);
        statuses.Should().OnlyContain(s => s == 0 || s == 302, "both end in a redirect (opaque to fetch), neither in an error");
        // And a third time, by the button itself: still the same form.
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise concern" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex($@"/activations/{id}/safeguarding-concerns/[0-9a-f-]{{36}}$"));
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Safeguarding concern recorded");
        await page.ReloadAsync();
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Safeguarding concern recorded", "the answer is a page of its own, safe to reload");

        var timeline = await Eventually.GetAsync(async () =>
        {
            var steps = (await system.Whole.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).EnumerateArray().ToList();
            return steps.Any(e => e.GetProperty("summary").GetString()!.StartsWith("Safeguarding lead (safeguarding lead) paged by SMS", StringComparison.Ordinal)) ? steps : null;
        }, what: "the lead paged, on the timeline");
        timeline.Count(e => e.GetProperty("event").GetString() == "safeguarding_concern_raised").Should().Be(1, "one form, sent three times, raises one concern");
        timeline.Count(e => e.GetProperty("summary").GetString()!.StartsWith("Alarm ", StringComparison.Ordinal) && e.GetProperty("summary").GetString()!.Contains(" raised: Safeguarding", StringComparison.Ordinal))
            .Should().Be(1, "and pages the lead about it once");
        await page.CloseAsync();
    }
}
