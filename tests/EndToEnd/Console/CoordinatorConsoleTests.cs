using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>A coordinator working an activation in the console, against every service.</summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed partial class CoordinatorConsoleTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task A_coordinator_opens_an_activation_by_card_number_and_sees_the_plan_summary_and_the_ranked_candidates()
    {
        // In Carlisle: workers seeded in Cambridge can be asked by another test's activation left waiting there.
        var (_, card, _) = await Seed.CarerWithCard(system.Whole.CardLookup.CreateClient(), Seed.Carlisle);
        var nia = await Worker("Nia Near", 54.8930, -2.9280);
        var farid = await Worker("Farid Further", 54.9300, -2.9800);
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url("/activations/new"));

        await page.GetByLabel("Card number").FillAsync(card);
        await page.GetByLabel("Why the carer cannot care").SelectOptionAsync("Illness");
        await page.GetByLabel("Organisation").FillAsync("Cambridgeshire Constabulary");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("PC Lee");
        await KeepScreenshot(page, "open-activation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open activation" }).ClickAsync();
        await page.ArrivedAtAsync(ActivationPageAddress());

        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Activation opened.");
        (await page.Locator("dl.summary dt:text-is('Opened') + dd").InnerTextAsync()).Should().Contain("by a coordinator", "it was opened from the console, not by an agency");
        var plan = await page.Locator("#plan").InnerTextAsync();
        plan.Should().Contain("Tom Graham").And.Contain("husband").And.Contain("Help with washing, dressing and meals")
            .And.Contain("personal-care, dementia").And.Contain("CA1").And.Contain("Key safe fitted");
        plan.Should().NotContain("1234", "the key-safe code is behind its own button").And.NotContain("Front door");
        var farRow = await ReloadUntil(page, $"#candidates tr[data-worker='{farid.Id}']");
        (await farRow.InnerTextAsync()).Should().Contain("Farid Further").And.Contain("km");
        await KeepScreenshot(page, "activation-coordinator");

        await farRow.GetByRole(AriaRole.Button, new() { Name = "Offer" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"done=offered$"));

        var offers = await page.Locator("#worker .offers").InnerTextAsync();
        offers.Should().MatchRegex(@"Farid Further: Open[^\n]*by Cora Ordinator");
        offers.Should().NotMatchRegex(@"Nia Near: Open", "an offer rostering made by itself is withdrawn when the coordinator chooses someone else");
        _ = nia;
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_refusal_from_crisis_intake_is_shown_in_plain_words_with_what_was_typed_kept()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var misread = card[..^1] + (char)('0' + ((card[^1] - '0' + 3) % 10));
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url("/activations/new"));

        await page.GetByLabel("Card number").FillAsync(misread);
        await page.GetByLabel("Organisation").FillAsync("NHS 111");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Call handler");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Open activation" }).ClickAsync(),
            r => r.Url.EndsWith("/activations/new", StringComparison.Ordinal) && r.Request.Method == "POST");

        response.Status.Should().Be(400);
        (await page.Locator(".problem").InnerTextAsync()).Should().Contain("Card number not valid");
        (await page.GetByLabel("Card number").InputValueAsync()).Should().Be(misread);
        (await page.GetByLabel("Organisation").InputValueAsync()).Should().Be("NHS 111");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_identifies_the_carer_on_the_activation_page_when_the_card_was_not_identified()
    {
        var (_, card, surname) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        using var opened = await system.Whole.Intake.CreateClientAsAgency("East of England Ambulance Service").PostAsJsonAsync("/activations", new
        {
            carer = new { surname, dateOfBirth = "1958-09-04", postcode = "CB1 2AD" }, reason = "Accident",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic J. Wood", callBackNumber = "+447700900321" },
        });
        opened.IsSuccessStatusCode.Should().BeTrue(await opened.Content.ReadAsStringAsync());
        var activationId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
        var misread = card[..^1] + (char)('0' + ((card[^1] - '0' + 3) % 10));
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url($"/activations/{activationId}"));
        var status = page.Locator("dl.summary dt:text-is('Status') + dd");
        (await status.InnerTextAsync()).Should().Contain("card NOT identified");
        var byCard = page.Locator("#identify").GetByLabel("Card number");

        await byCard.FillAsync(misread);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Identify by card" }).ClickAsync(),
            r => r.Url.EndsWith($"/activations/{activationId}/identification", StringComparison.Ordinal) && r.Request.Method == "POST");
        refused.Status.Should().Be(400);
        (await page.Locator(".problem").InnerTextAsync()).Should().Contain("check digit");
        (await page.Locator("#identify").GetByLabel("Card number").InputValueAsync()).Should().Be(misread);

        await page.Locator("#identify").GetByLabel("Card number").FillAsync(card);
        await page.GetByRole(AriaRole.Button, new() { Name = "Identify by card" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex($@"/activations/{activationId}\?done=identified$"));

        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Carer identified: finding staff for their plan starts now.");
        (await status.InnerTextAsync()).Should().Contain("card verified").And.NotContain("NOT");
        (await page.Locator("#identify").CountAsync()).Should().Be(0, "there is nothing left to identify");
        (await page.Locator("#plan").InnerTextAsync()).Should().Contain("Tom Hale", "the carer's plan shows once they are identified");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_extends_cover_with_the_reason_then_ends_it_early_and_the_timeline_says_who_and_why()
    {
        var id = await OpenByPartner();
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url($"/activations/{id}"));
        var now = system.Whole.Clock.GetCurrentInstant().InZone(LondonTime.London).LocalDateTime;
        static LocalDateTime Minute(LocalDateTime t) => t.Date + new LocalTime(t.Hour, t.Minute);

        await page.GetByLabel("New cover limit (UK time)").FillAsync(Picker(Minute(now.PlusHours(-1))));
        await page.GetByLabel("Why, and who agreed it").FillAsync("Daughter arrives on Monday; agreed with Dee, the duty manager.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend cover" }).ClickAsync();
        (await page.Locator(".problem").InnerTextAsync()).Should().Contain("New limit at: ").And.Contain("in the future").And.NotContain("newLimitAt");
        (await page.GetByLabel("Why, and who agreed it").InputValueAsync()).Should().Be("Daughter arrives on Monday; agreed with Dee, the duty manager.");

        var newLimit = Minute(now.PlusHours(60));
        await page.GetByLabel("New cover limit (UK time)").FillAsync(Picker(newLimit));
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend cover" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"done=extended$"));
        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Cover extended");
        (await page.Locator("ol.timeline").InnerTextAsync()).Should().Contain(
            $"Cover extended to {LondonTime.Show(newLimit.InZoneLeniently(LondonTime.London).ToInstant())} by Cora Ordinator: Daughter arrives on Monday");

        await page.GetByLabel("Why cover is no longer needed").FillAsync("The carer was discharged early and is home tonight.");
        await page.GetByRole(AriaRole.Button, new() { Name = "End cover early" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"done=cover-ended$"));
        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Cover ended early");
        (await page.Locator("ol.timeline").InnerTextAsync()).Should().Contain("Cover ended early by Cora Ordinator: The carer was discharged early");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_sets_an_area_s_travel_limit_with_the_reason_and_a_wrong_area_is_refused_with_what_was_typed_kept()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url("/travel-limits"));
        var area = page.GetByLabel("Postcode area (the letters, e.g. CB or TR)");
        var why = page.Locator("textarea[name=reason]");

        await area.FillAsync("QQ");
        await page.GetByLabel("Furthest from base (km)").FillAsync("150");
        await why.FillAsync("Ferries: workers come over from the mainland.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set travel limit" }).ClickAsync();
        (await page.Locator(".problem").InnerTextAsync()).Should().Contain("A UK postcode area");
        (await why.InputValueAsync()).Should().Be("Ferries: workers come over from the mainland.");

        await area.FillAsync("ze");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set travel limit" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/travel-limits\?done=set$"));

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Travel limit set");
        (await page.Locator("tr[data-area='ZE']").InnerTextAsync()).Should().Contain("150 km").And.Contain("Cora Ordinator").And.Contain("Ferries");
        (await page.Locator(".meta").InnerTextAsync()).Should().Contain("Everywhere else: 60 km");
        await page.CloseAsync();
    }

    private static string Picker(LocalDateTime time) => LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Format(time);

    [Fact]
    public async Task A_coordinator_records_a_note_raises_a_safeguarding_concern_and_closes_with_an_outcome()
    {
        var id = await OpenByPartner();
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url($"/activations/{id}"));

        await page.GetByLabel("Note", new() { Exact = true }).FillAsync("Daughter Sue is driving down from Leeds; arrives about 9 pm.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record note" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"done=note$"));
        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Note recorded.");
        (await page.Locator("ol.timeline").InnerTextAsync()).Should().Contain("Note by Cora Ordinator: Daughter Sue is driving down from Leeds");

        await page.GetByLabel("About").SelectOptionAsync("Adult");
        await page.GetByLabel("Kind of harm").SelectOptionAsync("Neglect");
        await page.GetByLabel("What was seen or said, in the words used").FillAsync("Neighbour says Tom was left alone for two days last month.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise concern" }).ClickAsync();
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Safeguarding concern recorded");
        (await page.Locator("main").InnerTextAsync()).Should().Contain("Adult social care (default)").And.Contain("0345 045 5202", "numbers are shown the UK way");
        await page.GetByText("Back to the activation").ClickAsync();

        await page.GetByLabel("Outcome").SelectOptionAsync("CarerAbleToCareAgain");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close activation" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"done=closed$"));

        (await page.Locator(".summary").First.InnerTextAsync()).Should().Contain("Closed").And.Contain("carer able to care again", "the outcome in plain words, not its code")
            .And.Contain("Admitted to hospital").And.NotContain("AdmittedToHospital");
        (await page.Locator("#decisions").CountAsync()).Should().Be(0, "a closed activation takes no more decisions");
        var timeline = await page.Locator("ol.timeline").InnerTextAsync();
        timeline.Should().Contain("Safeguarding concern about an adult (neglect) raised by Cora Ordinator").And.Contain("Closed by Cora Ordinator: the carer can care again");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_door_details_are_shown_only_when_asked_for_and_card_lookup_records_who_looked()
    {
        var id = await OpenByPartner();
        var carerId = await Eventually.GetAsync(async () =>
            (await system.Whole.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}")).TryGetProperty("carerId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null);
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url($"/activations/{id}"));

        await page.GetByText("Show door details").ClickAsync();
        var details = await ReloadUntil(page, ".door-details");

        (await details.InnerTextAsync()).Should().Contain("1234").And.Contain("Front door");
        var views = await system.Whole.CardLookup.CreateClient().GetFromJsonAsync<JsonElement>($"/carers/{carerId}/door-detail-views");
        views.EnumerateArray().Select(v => v.ToString()).Should().Contain(v => v.Contains("Cora Ordinator", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_rotas_page_shows_who_is_on_now_and_next_with_an_override_marked()
    {
        var rostering = system.Whole.Rostering.CreateClient();
        var usual = await Staff(rostering, "Olu Usual", "coordinator");
        var cover = await Staff(rostering, "Cass Cover", "coordinator");
        var rotation = await Rotation(rostering, "Coordinators on call (test)", "coordinator", usual);
        var now = system.Whole.Clock.GetCurrentInstant();
        var until = now + NodaTime.Duration.FromHours(3);
        using var added = await rostering.PostAsJsonAsync($"/rotations/{rotation}/overrides", new
        {
            from = NodaTime.Text.InstantPattern.ExtendedIso.Format(now - NodaTime.Duration.FromHours(1)),
            to = NodaTime.Text.InstantPattern.ExtendedIso.Format(until),
            coveredBy = cover, reason = "sickness", addedBy = "Duty manager D. Shaw",
        });
        added.IsSuccessStatusCode.Should().BeTrue(await added.Content.ReadAsStringAsync());
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);

        await page.GotoAsync(system.Url("/rotas"));

        var coordinators = page.Locator("section.rota[data-role='coordinator']");
        (await coordinators.Locator("td.now").InnerTextAsync()).Should().Contain("Cass Cover").And.Contain("Override").And.NotContain("Olu Usual");
        (await coordinators.Locator("td.next").InnerTextAsync()).Should().Contain("Olu Usual");
        (await coordinators.Locator("thead").InnerTextAsync()).Should().Contain(Cers.Dispatch.ServiceDefaults.LondonTime.Show(until));
        (await page.Locator("#overrides").InnerTextAsync()).Should().Contain("Cass Cover").And.Contain("sickness");
        await KeepScreenshot(page, "rotas");
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_expired_or_unknown_plan_link_says_to_phone_the_coordinator()
    {
        var page = await MobilePage();

        var response = await page.GotoAsync(system.Url("/plan/this-link-is-not-known-0123456789"));

        response!.Status.Should().Be(410);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("This link has expired");
        (await page.Locator("main").InnerTextAsync()).Should().Contain("Phone the coordinator on 0808 157 0000");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_worker_who_accepted_opens_the_plan_link_on_a_phone_sees_the_door_details_and_records_arriving()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var worker = await Worker("Pat Planlink", 52.1995, 0.1365);
        var id = await OpenByPartner(card);
        await OfferTo(id, worker.Id);
        var offer = await Sms(worker.Phone, "Reply YES");
        await system.Whole.TextRosteringAsync(worker.Phone, $"YES {OfferCode().Match(offer).Groups[1].Value}");
        var link = await Sms(worker.Phone, "/plan/");
        var token = PlanToken().Match(link).Groups[1].Value;
        var page = await MobilePage();

        await page.GotoAsync(system.Url($"/plan/{token}"));

        (await page.Locator(".door-details").InnerTextAsync()).Should().Contain("1234").And.Contain("Front door").And.Contain("Tom");
        (await page.Locator("main").InnerTextAsync()).Should().Contain("Pat Planlink");
        (await page.Locator("meta[name=viewport]").GetAttributeAsync("content")).Should().Contain("width=device-width");
        await KeepScreenshot(page, "plan-link");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have arrived" }).ClickAsync();
        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Arrival recorded");
        await Eventually.GetAsync(async () =>
        {
            var timeline = await system.Whole.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline");
            return timeline.EnumerateArray().Any(e => e.GetProperty("summary").GetString()!.Contains("Pat Planlink arrived", StringComparison.Ordinal)) ? "arrived" : null;
        }, what: "the arrival on the timeline");
        await page.CloseAsync();
    }

    private async Task<IPage> MobilePage() => await system.Browser.NewPageAsync(new BrowserNewPageOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
    });

    private async Task<Guid> OpenByPartner(string? card = null)
    {
        card ??= (await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient())).CardNumber;
        return await system.Whole.OpenByPartnerAsync(card, "East of England Ambulance Service", "Paramedic J. Wood", "+447700900321");
    }

    /// <summary>
    /// Makes sure the worker is offered the cover, as a coordinator choosing them would. Rostering offers the nearest
    /// worker by itself, but other tests' workers share the rota, so the test does not rely on who that is.
    /// </summary>
    private async Task OfferTo(Guid activationId, Guid workerId)
    {
        var rostering = system.Whole.Rostering.CreateClient();
        await Eventually.GetAsync(async () => (await rostering.GetAsync($"/dispatches/{activationId}")).IsSuccessStatusCode ? "started" : null, what: "the dispatch");
        using var chosen = await rostering.PostAsJsonAsync($"/dispatches/{activationId}/offers", new { workerId, by = "test" });
        chosen.IsSuccessStatusCode.Should().BeTrue(await chosen.Content.ReadAsStringAsync());
    }

    private async Task<(Guid Id, string Phone)> Worker(string name, double latitude, double longitude)
    {
        var worker = await Seed.CareWorkerOnCallAsync(system.Whole.Rostering.CreateClient(), name, latitude, longitude);
        await Eventually.GetAsync(async () =>
            (await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}")).ValueKind == JsonValueKind.Object ? "known" : null);
        return worker;
    }

    /// <summary>Coordinators' numbers, apart from the care workers' (Seed gives them 07700 900500 to 900999).</summary>
    private static int nextPhone = Random.Shared.Next(0, 500);

    private static async Task<Guid> Staff(HttpClient rostering, string name, string role) =>
        (await Seed.StaffWithANumberOfTheirOwnAsync(
            rostering,
            () => $"+447700900{Interlocked.Increment(ref nextPhone) % 500:000}",
            phone => new
            {
                name, phone, role, skills = Array.Empty<string>(), training = Array.Empty<object>(), languages = new[] { "en" },
                active = true, registeredBy = "Duty manager D. Shaw",
            })).Id;

    private static async Task<Guid> Rotation(HttpClient rostering, string name, string role, Guid person)
    {
        using var response = await rostering.PostAsJsonAsync("/rotations", new
        {
            name, role, kind = "on-call", participants = new[] { person },
            startsAt = "2026-11-02T09:00:00", turnDays = 7, priority = 1, createdBy = "Duty manager D. Shaw",
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private Task<string> Sms(string phone, string containing) => system.Whole.LastSmsAsync(phone, containing);

    /// <summary>The page's data comes from services working through their queues: reload until it shows.</summary>
    private static async Task<ILocator> ReloadUntil(IPage page, string selector)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await page.Locator(selector).CountAsync() == 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                // textContent, not innerText: the reasons workers were not ranked sit in a closed <details>.
                throw new TimeoutException($"{selector} did not appear on {page.Url}: {await page.Locator("main").TextContentAsync()}");
            }

            await Task.Delay(250);
            await page.ReloadAsync();
        }

        return page.Locator(selector);
    }

    private static Regex ActivationPageAddress() => ActivationPagePattern();

    private static Task KeepScreenshot(IPage page, string name) => SystemFixture.KeepScreenshotAsync(page, name);

    [GeneratedRegex(@"/activations/[0-9a-f-]{36}\?done=opened$")]
    private static partial Regex ActivationPagePattern();

    [GeneratedRegex(@"YES ([A-Z0-9]{3,8})")]
    private static partial Regex OfferCode();

    [GeneratedRegex(@"/plan/([A-Za-z0-9_\-]+)")]
    private static partial Regex PlanToken();
}
