using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// A supervisor at the console, against every service: signing off and querying handovers the care workers texted,
/// printing an activation's audit trail, and the commissioners' reports. The carers here live in Peterborough and
/// their workers on their doorsteps, so the offers go to them and not to the Cambridge workers of other tests.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed partial class SupervisorConsoleTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task A_supervisor_signs_off_a_handover_the_worker_texted_and_the_printed_audit_trail_shows_the_whole_journey()
    {
        var (activation, _) = await CoverWithHandoverAsync("Hana Handover", "HANDOVER Tom ate lunch at 12:30, medication given at 13:00. Sue visits at 6.");
        var handover = await AwaitingHandoverAsync(activation);
        var page = await system.SignedInAsync(ConsoleSignIn.Supervisor);

        await page.GotoAsync(system.Url("/handovers"));
        var card = page.Locator($"article.handover[data-handover='{handover}']");
        (await card.InnerTextAsync()).Should().Contain("Hana Handover").And.Contain("Tom ate lunch at 12:30").And.Contain("by text message");
        (await card.Locator(".home").InnerTextAsync()).Should().MatchRegex(@"^At Margaret Pike[0-9a-f]{6}'s home, PE1", "whose home, and where");
        await SystemFixture.KeepScreenshotAsync(page, "handovers");
        await card.GetByLabel("Comment (optional)").FillAsync("Clear and complete.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Sign off" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/handovers\?done=signed-off&handover="));

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("You signed off the handover from Hana Handover");
        (await page.Locator($"article.handover[data-handover='{handover}']").CountAsync()).Should().Be(0, "it is no longer awaiting sign-off");
        var recorded = await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/handovers/{handover}");
        recorded.GetProperty("status").GetString().Should().Be("signed-off");
        recorded.GetProperty("reviewedBy").GetString().Should().Be(ConsoleSignIn.Supervisor.DisplayName, "rostering records the supervisor signed in, not the console");
        recorded.GetProperty("reviewComment").GetString().Should().Be("Clear and complete.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Signed off" }).ClickAsync();
        (await page.Locator($"article.handover[data-handover='{handover}']").InnerTextAsync()).Should().Contain($"Signed off by {ConsoleSignIn.Supervisor.DisplayName}");

        var steps = await Eventually.GetAsync(async () =>
        {
            var timeline = await IntakeTimelineAsync(activation);
            return timeline.Any(s => s.Summary.StartsWith($"Handover signed off by {ConsoleSignIn.Supervisor.DisplayName}", StringComparison.Ordinal))
                   && timeline.Any(s => s.Source == "escalation")
                ? timeline
                : null;
        }, within: TimeSpan.FromSeconds(60), what: "the sign-off and the cover limit on the activation's timeline");
        await page.GotoAsync(system.Url($"/activations/{activation}/audit"));
        await SystemFixture.KeepScreenshotAsync(page, "audit-trail");
        await page.GetByRole(AriaRole.Link, new() { Name = "Print or save as PDF" }).ClickAsync();
        // Waits for the print page's own last line, not for a load event or the address: on two loaded cores the print page
        // was there and networkidle fired, but load never did (and waiting for the address waits for a load state too).
        await page.Locator("header.print-header ~ p.end").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        page.Url.Should().EndWith($"/activations/{activation}/print");

        var rows = await page.Locator("table.audit-trail tbody tr").AllInnerTextsAsync();
        var printed = rows.Select(r => r.Split('\t')).ToList();
        printed.Select(cells => cells[4].Trim()).Should().Equal((await IntakeTimelineAsync(activation)).Select(s => s.Summary), "every step, in order");
        printed.Select(cells => cells[2].Trim()).Distinct().Should().BeEquivalentTo(["crisis-intake", "rostering", "escalation"]);
        printed.Select(cells => cells[4]).Should().Contain(s => s.StartsWith($"Handover signed off by {ConsoleSignIn.Supervisor.DisplayName}: Clear and complete.", StringComparison.Ordinal));
        string WhoDid(string summaryStart) => printed.First(cells => cells[4].Trim().StartsWith(summaryStart, StringComparison.Ordinal))[3].Trim();
        WhoDid("Hana Handover accepted").Should().Be("Hana Handover", "each step another service took names who took it");
        WhoDid("Handover signed off by").Should().Be(ConsoleSignIn.Supervisor.DisplayName);
        WhoDid("Cover limit").Should().Be("Escalation service (automatic)");
        steps.Should().NotBeEmpty();
        rows.Should().Contain(r => r.Contains("Paramedic J. Wood (East of England Ambulance Service)", StringComparison.Ordinal), "who reported it");
        var heading = await page.Locator("header.print-header").InnerTextAsync();
        heading.Should().Contain("Activation audit trail").And.Contain(activation.ToString()).And.Contain("PE1")
            .And.Contain($"by {ConsoleSignIn.Supervisor.DisplayName}");
        (await page.Locator("header nav").CountAsync()).Should().Be(0, "the console's navigation is not printed");
        await SystemFixture.KeepScreenshotAsync(page, "audit-print");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = false });
        Encoding.ASCII.GetString(pdf, 0, 5).Should().Be("%PDF-");
        (await page.Locator(".no-print").First.IsVisibleAsync()).Should().BeTrue("the print button shows on screen");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await page.Locator(".no-print").First.IsVisibleAsync()).Should().BeFalse("and not on paper");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_queries_a_handover_with_a_comment_and_a_query_without_one_is_refused()
    {
        var (activation, _) = await CoverWithHandoverAsync("Quinn Query", "HANDOVER All fine.");
        var handover = await AwaitingHandoverAsync(activation);
        var page = await system.SignedInAsync(ConsoleSignIn.Supervisor);
        await page.GotoAsync(system.Url("/handovers"));
        var card = page.Locator($"article.handover[data-handover='{handover}']");

        // The browser asks for a comment first; without the browser's check, the console still refuses.
        await card.Locator("textarea[name=comment][required]").EvaluateAsync("t => t.removeAttribute('required')");
        var refused = await page.RunAndWaitForResponseAsync(
            () => card.GetByRole(AriaRole.Button, new() { Name = "Query" }).ClickAsync(),
            r => r.Url.EndsWith($"/handovers/{handover}/query", StringComparison.Ordinal));
        refused.Status.Should().Be(400);
        (await page.Locator($"article.handover[data-handover='{handover}'] .problem").InnerTextAsync()).Should().Contain("a query needs a comment");
        (await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/handovers/{handover}")).GetProperty("status").GetString()
            .Should().Be("awaiting-sign-off", "nothing was sent to rostering");

        card = page.Locator($"article.handover[data-handover='{handover}']");
        await card.GetByLabel("What needs answering (required)").FillAsync("Which medication, and how much? 'All fine' is not enough.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Query" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/handovers\?done=queried&handover="));

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("You queried the handover from Quinn Query");
        var recorded = await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/handovers/{handover}");
        recorded.GetProperty("status").GetString().Should().Be("queried");
        recorded.GetProperty("reviewedBy").GetString().Should().Be(ConsoleSignIn.Supervisor.DisplayName);
        await page.GetByRole(AriaRole.Link, new() { Name = "Queried" }).ClickAsync();
        (await page.Locator($"article.handover[data-handover='{handover}']").InnerTextAsync())
            .Should().Contain($"Queried by {ConsoleSignIn.Supervisor.DisplayName}").And.Contain("Which medication, and how much?");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_reports_page_draws_the_commissioners_charts_from_the_services_messages_and_downloads_them_as_CSV()
    {
        // A carer nobody can identify: no staff are offered, so no other test's worker is taken.
        await OpenUnidentifiedByPartnerAsync();
        var page = await system.SignedInAsync(ConsoleSignIn.Supervisor);
        var thisMonth = system.Whole.Clock.GetCurrentInstant().InZone(Cers.Dispatch.ServiceDefaults.LondonTime.London).Date.ToYearMonth();
        var label = thisMonth.ToString("MMM uuuu", System.Globalization.CultureInfo.InvariantCulture);

        await page.GotoAsync(system.Url("/reports"));
        // The bar appears once the console has heard the activation opened.
        await ReloadUntilAsync(page, "svg#by-channel rect title", async bars =>
            (await bars.AllTextContentsAsync()).Any(t => t.StartsWith($"{label}, Partner API: ", StringComparison.Ordinal)));

        (await page.Locator("svg.chart[role=img]").CountAsync()).Should().Be(7);
        (await page.Locator("svg.chart > title").AllTextContentsAsync()).Should().Equal(
            "Activations per month by channel", "Activations per month by reason", "Minutes from the call to the first staff offer",
            "Minutes from the call to staff on site", "Cover hours per month", "Cover limits reached per month", "Outcomes per month");
        await page.GetByText("Activations per month by channel: the figures as a table").ClickAsync();
        (await page.Locator("#by-channel-table thead").InnerTextAsync()).Should().Contain("Partner API");
        (await page.Locator($"#by-channel-table tbody tr:has(th:text-is('{label}'))").CountAsync()).Should().Be(1);
        await SystemFixture.KeepScreenshotAsync(page, "reports");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        download.SuggestedFilename.Should().MatchRegex(@"^cers-report-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv$");
        csv[0].Should().StartWith("\"month\",\"activations\"").And.Contain("\"channel: PartnerApi\"").And.Contain("\"first_offer_median_minutes\"");
        csv.Should().Contain(line => line.StartsWith($"\"{thisMonth:uuuu-MM}\",", StringComparison.Ordinal)).And.Contain(line => line.StartsWith("\"all\",", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    private sealed record Step(string Source, string Summary);

    private async Task<List<Step>> IntakeTimelineAsync(Guid activation) =>
        (await system.Whole.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{activation}/timeline"))
            .EnumerateArray().Select(e => new Step(e.GetProperty("source").GetString()!, e.GetProperty("summary").GetString()!)).ToList();

    /// <summary>A carer in Peterborough whose worker accepts, arrives and texts their handover notes.</summary>
    private async Task<(Guid Activation, (Guid Id, string Phone) Worker)> CoverWithHandoverAsync(string workerName, string handoverText)
    {
        var carer = await CarerInPeterboroughAsync();
        var worker = await Seed.CareWorkerOnCallAsync(system.Whole.Rostering.CreateClient(), workerName, carer.Latitude, carer.Longitude);
        await Eventually.GetAsync(async () =>
            (await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}")).ValueKind == JsonValueKind.Object ? "known" : null);
        var activation = await OpenByPartnerAsync(carer.CardNumber);
        var offer = await SmsAsync(worker.Phone, "Reply YES");
        await TextAsync(worker.Phone, $"YES {OfferCode().Match(offer).Groups[1].Value}");
        await TextAsync(worker.Phone, "ARRIVED");
        (await TextAsync(worker.Phone, handoverText)).Should().Contain("handover notes", "rostering takes the notes");
        return (activation, worker);
    }

    private async Task<Guid> AwaitingHandoverAsync(Guid activation) =>
        Guid.Parse(await Eventually.GetAsync(async () =>
        {
            var awaiting = await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>("/handovers?status=awaiting-sign-off");
            return awaiting.EnumerateArray().Where(h => h.GetProperty("activationId").GetGuid() == activation)
                .Select(h => h.GetProperty("handoverId").GetString()).FirstOrDefault();
        }, what: "the handover awaiting sign-off"));

    private async Task<Guid> OpenByPartnerAsync(string card)
    {
        using var response = await system.Whole.Intake.CreateClient().PostAsJsonAsync("/activations", new
        {
            cardNumber = card, reason = "AdmittedToHospital",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic J. Wood", callBackNumber = "+447700900321" },
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
    }

    private async Task OpenUnidentifiedByPartnerAsync()
    {
        using var response = await system.Whole.Intake.CreateClientAsAgency("Cambridgeshire Constabulary").PostAsJsonAsync("/activations", new
        {
            carer = new { surname = $"Unknown{Guid.NewGuid():N}"[..20], dateOfBirth = "1950-01-01", postcode = "PE1 1XS" },
            reason = "Illness",
            reportedBy = new { agency = "Cambridgeshire Constabulary", name = "PC Lee", callBackNumber = "+447700900322" },
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private Task<string> SmsAsync(string phone, string containing) => system.Whole.LastSmsAsync(phone, containing);

    private async Task<string> TextAsync(string from, string body) => await system.Whole.TextRosteringAsync(from, body) ?? "";

    /// <summary>A carer in Peterborough with a cared-for husband, an assessed plan and a card (each call a new carer).</summary>
    private async Task<(string CardNumber, double Latitude, double Longitude)> CarerInPeterboroughAsync() =>
        ((await Seed.CarerWithCard(system.Whole.CardLookup.CreateClient(), Seed.Peterborough)).CardNumber, Seed.Peterborough.Latitude, Seed.Peterborough.Longitude);

    /// <summary>The console's read model fills as messages arrive: reload until the row shows.</summary>
    private static async Task<ILocator> ReloadUntilAsync(IPage page, string selector, Func<ILocator, Task<bool>> ready)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await page.Locator(selector).CountAsync() == 0 || !await ready(page.Locator(selector)))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{selector} did not appear on {page.Url}");
            }

            await Task.Delay(250);
            await page.ReloadAsync();
        }

        return page.Locator(selector);
    }

    [GeneratedRegex(@"YES ([A-Z0-9]{3,8})")]
    private static partial Regex OfferCode();
}
