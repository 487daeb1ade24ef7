using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cers.Dispatch.EndToEnd.PhoneSimulator;

/// <summary>
/// The demo's phone simulator, driven in the browser as a newcomer would: the 999 call phoning a card in, the care worker's
/// phone taking the offer, arriving and texting the handover, and the supervisor signing the handover off in the console.
/// </summary>
public sealed partial class PhoneSimulatorTests(PhoneSimulatorFixture fixture) : IClassFixture<PhoneSimulatorFixture>
{
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 60_000 };

    private ConsoleSystemFixture Demo => fixture.Demo;

    [Fact]
    public async Task A_card_phoned_in_on_the_simulator_is_covered_by_the_worker_who_accepts_on_their_phone_and_the_supervisor_signs_the_handover_off()
    {
        var (_, cardNumber, _) = await Seed.CarerWithCard(Demo.Whole.CardLookup.CreateClient(), Seed.Peterborough);
        var worker = await Seed.CareWorkerOnCallAsync(Demo.Whole.Rostering.CreateClient(), "Wren Phoneworker", Seed.Peterborough.Latitude, Seed.Peterborough.Longitude);
        await Eventually.GetAsync(async () =>
            (await Demo.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}")).ValueKind == JsonValueKind.Object ? "known" : null);

        var page = await Demo.Browser.NewPageAsync();
        await page.GotoAsync(fixture.PhonesUrl.ToString());
        var emergency = page.Locator("#emergency");
        await emergency.GetByRole(AriaRole.Button, new() { Name = $"Dial {WholeSystemFixture.OurNumber}" }).ClickAsync();
        await Expect(emergency.Locator("ol.call")).ToContainTextAsync(AnsweringCall.Greeting, Patiently);

        await emergency.GetByLabel("Keys to press").FillAsync($"{cardNumber}#");
        await emergency.GetByRole(AriaRole.Button, new() { Name = "Send keys" }).ClickAsync();
        await Expect(emergency.Locator("ol.call")).ToContainTextAsync("being activated for this card", Patiently);
        await Expect(emergency.Locator("ol.call")).ToContainTextAsync("Put through to");
        await SystemFixture.KeepScreenshotAsync(page, "phone-simulator-call");
        await emergency.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^\+\d+ answers$") }).ClickAsync();
        await Expect(emergency.Locator("ol.call")).ToContainTextAsync("The service ended the call", Patiently);

        // The offer reaches the worker's phone while the page is open: it shows itself when something new arrives.
        var phone = page.Locator($"article.phone[data-phone='{worker.Phone}']");
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync("Reply YES", Patiently);
        var code = OfferCode().Match(await phone.Locator("ol.thread").InnerTextAsync()).Groups[1].Value;
        await phone.GetByRole(AriaRole.Button, new() { Name = $"YES {code}", Exact = true }).ClickAsync();
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync($"Thank you, offer {code} is yours", Patiently);
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync("the plan for your call is at", Patiently);

        await phone.GetByRole(AriaRole.Button, new() { Name = "ARRIVED", Exact = true }).ClickAsync();
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync("your arrival is recorded", Patiently);
        await phone.GetByLabel("Handover notes").FillAsync("Tom ate lunch at 12:30, medication given at 13:00. Sue visits at 6.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send HANDOVER" }).ClickAsync();
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync("handover notes", Patiently);
        await SystemFixture.KeepScreenshotAsync(page, "phone-simulator-worker");
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        axe.Violations.Select(v => $"{v.Id}: {v.Help}").Should().BeEmpty("the simulator passes the WCAG A and AA checks");
        await page.CloseAsync();

        var awaiting = await Eventually.GetAsync(async () =>
            (await Demo.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>("/handovers?status=awaiting-sign-off"))
                .EnumerateArray().Select(h => h.GetProperty("handoverId").GetString()).FirstOrDefault(), what: "the handover awaiting sign-off");
        var console = await Demo.SignedInAtAsync(ConsoleSignIn.Supervisor, "/handovers");
        var handover = console.Locator($"article.handover[data-handover='{awaiting}']");
        await Expect(handover).ToContainTextAsync("Tom ate lunch at 12:30", Patiently);
        await Expect(handover).ToContainTextAsync("Wren Phoneworker");
        await handover.GetByRole(AriaRole.Button, new() { Name = "Sign off" }).ClickAsync();
        await console.ArrivedAtAsync(new Regex(@"/handovers\?done=signed-off&handover="));
        (await console.Locator(".notice").InnerTextAsync()).Should().StartWith("You signed off the handover from Wren Phoneworker");
        await console.CloseAsync();
    }

    [Fact]
    public async Task A_duty_manager_paged_about_an_alarm_presses_1_on_the_call_their_phone_received_and_the_alarm_is_theirs()
    {
        var rostering = Demo.Whole.Rostering.CreateClient();
        // Outside 07700 900500-999, where Seed gives care workers numbers at random.
        var manager = await Seed.StaffWithANumberOfTheirOwnAsync(rostering, () => $"+447700900{Random.Shared.Next(400, 500):000}", phone => new
        {
            name = "Dev Dutymanager", phone, role = "duty-manager", skills = Array.Empty<string>(), training = Array.Empty<object>(),
            languages = new[] { "en" }, active = true, registeredBy = "Duty manager D. Shaw",
        });
        using var rota = await rostering.PostAsJsonAsync("/rotations", new
        {
            name = "Duty managers (Dev)", role = "duty-manager", kind = "on-call", participants = new[] { manager.Id },
            startsAt = "2026-11-02T09:00:00", turnDays = 7, priority = 0, createdBy = "Duty manager D. Shaw",
        });
        rota.EnsureSuccessStatusCode();
        var cards = Demo.Whole.CardLookup.CreateClient();
        var guesser = $"+4477009{Random.Shared.Next(10000, 99999)}";
        foreach (var guess in new[] { "4921 7730 5519", "1000 0000 0001", "4921 7730 5512", "1234 5678 9012", "4921 7730 0000" })
        {
            using var _ = await cards.GetAsync($"/lookup/card/{Uri.EscapeDataString(guess)}?channel=phone&requestedBy={Uri.EscapeDataString(guesser)}");
        }

        var page = await Demo.Browser.NewPageAsync();
        await page.GotoAsync(fixture.PhonesUrl.ToString());
        var phone = page.Locator($"article.phone[data-phone='{manager.Phone}']");
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync("Carers emergency service alarm.", Patiently);
        await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Press 1 to acknowledge" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await phone.GetByRole(AriaRole.Button, new() { Name = "Press 1 to acknowledge" }).ClickAsync();
        await Expect(phone.Locator("ol.thread")).ToContainTextAsync("Thank you. The alarm is yours and paging has stopped.", Patiently);
        (await phone.GetByRole(AriaRole.Button, new() { Name = "Press 1 to acknowledge" }).CountAsync()).Should().Be(0, "the call has had its key");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_simulators_calls_and_texts_are_signed_as_Twilio_signs_them_and_refused_when_signed_with_another_token()
    {
        var standIn = fixture.StandIn.CreateClient();
        const string stranger = "+447700900111";

        (await DialAndKeyNothingAsync(standIn)).Should().Contain(AnsweringCall.Greeting, "crisis intake answered the signed call");
        await Text(standIn, stranger, "HELLO");
        (await PhoneOf(standIn, stranger)).Should().Contain("This number is not on the CERS staff register", "rostering answered the signed text");

        var token = fixture.StandInSettings.AuthToken;
        fixture.StandInSettings.AuthToken = "not-the-system-token";
        try
        {
            (await DialAndKeyNothingAsync(standIn)).Should().Contain("the service answered 403");
            await Text(standIn, stranger, "HELLO AGAIN");
            (await PhoneOf(standIn, stranger)).Should().Contain("not delivered: the service answered 403");
        }
        finally
        {
            fixture.StandInSettings.AuthToken = token;
        }
    }

    private static async Task<string> DialAndKeyNothingAsync(HttpClient standIn)
    {
        using var dialled = await standIn.PostAsync("/phones/emergency/dial", new FormUrlEncodedContent(new Dictionary<string, string> { ["from"] = "+447700900122" }));
        dialled.EnsureSuccessStatusCode();
        var page = await dialled.Content.ReadAsStringAsync();
        var sid = CallSid().Match(page).Groups[1].Value;
        if (page.Contains("/hang-up", StringComparison.Ordinal))
        {
            (await standIn.PostAsync($"/phones/emergency/{sid}/hang-up", null)).EnsureSuccessStatusCode();
        }

        return Calls(page).First();
    }

    private static async Task Text(HttpClient standIn, string phone, string body)
    {
        using var sent = await standIn.PostAsync("/phones/text", new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = phone, ["body"] = body }));
        sent.EnsureSuccessStatusCode();
    }

    private static async Task<string> PhoneOf(HttpClient standIn, string phone)
    {
        var page = await standIn.GetStringAsync("/phones");
        var start = page.IndexOf($"data-phone=\"{phone}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"the page should show a phone for {phone}");
        var text = page[start..page.IndexOf("</article>", start, StringComparison.Ordinal)];
        return System.Net.WebUtility.HtmlDecode(LastReply().Matches(text)[^1].Groups[1].Value);
    }

    private static IEnumerable<string> Calls(string page) =>
        CallBlock().Matches(page).Select(m => System.Net.WebUtility.HtmlDecode(m.Value));

    [GeneratedRegex(@"Reply YES ([A-Z0-9]{3,8})")]
    private static partial Regex OfferCode();

    [GeneratedRegex(@"data-call=""(CA[0-9a-f]+)""")]
    private static partial Regex CallSid();

    [GeneratedRegex(@"<ol class=""call"".*?</ol>", RegexOptions.Singleline)]
    private static partial Regex CallBlock();

    [GeneratedRegex(@"<span class=""who"">The service answered</span>([^<]*)</li>")]
    private static partial Regex LastReply();
}
