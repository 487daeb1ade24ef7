using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// The office at the console: a carer's emergency plan written and revised, its versions compared, and the carer's data
/// exported and erased. The carers here live in Plymouth, far from every other test's care workers, so cover opened for
/// them offers nobody's worker away.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class PlanConsoleTests(ConsoleSystemFixture system)
{
    private static readonly Seed.Home Plymouth = new("5 Notte Street", "Plymouth", "PL1 2AG", 50.3680, -4.1420, "Penrose", "Hoe Surgery");

    [Fact]
    public async Task An_administrator_writes_a_plan_revises_where_the_keys_are_kept_and_the_comparison_shows_just_that_change()
    {
        var (carerId, surname) = await CarerAssessedWithoutPlanAsync();
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, $"/register/carers/{carerId}/plan");
        (await page.Locator("#current-plan").InnerTextAsync()).Should().Contain("No emergency plan has been recorded yet.");
        (await page.GetByRole(AriaRole.Link, new() { Name = $"Back to Margaret {surname}" }).GetAttributeAsync("href")).Should().Be($"/register/carers/{carerId}");

        await FillPlanAsync(page);
        await page.Locator("[name='homeAccess.keySafeCode']").FillAsync("4321");
        await page.Locator("[name='homeAccess.entryInstructions']").FillAsync("Side door, lift the latch.");
        await page.Locator("[data-row='contact-1']").GetByLabel("Holds a key to the home").CheckAsync();
        await page.GetByLabel("Care workers needed at once").SelectOptionAsync(new SelectOptionValue { Label = "Two (two-person transfer)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the plan", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/plan\?done=recorded&version=1$"));
        (await page.Locator("#workers-needed").InnerTextAsync()).Should().Be("Two (two-person transfer)");
        (await page.GetByLabel("Care workers needed at once").InputValueAsync()).Should().Be("2", "the revision starts as recorded");
        (await page.Locator("#emergency-contacts").InnerTextAsync()).Should().Contain("Sue Penrose").And.Contain("holds a key to the home");
        (await page.Locator("[data-row='contact-1']").GetByLabel("Holds a key to the home").IsCheckedAsync()).Should().BeTrue("the revision starts as recorded");

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Version 1 of the plan recorded");
        var current = await page.Locator("#current-plan").InnerTextAsync();
        current.Should().Contain("Donepezil").And.Contain("08:00, 20:00").And.Contain("hook by the back door").And.Contain("Fitted.")
            .And.Contain("Sue Penrose").And.NotContain("4321", "the key-safe code is shown only in the door details").And.NotContain("lift the latch");
        (await page.Locator("[name='homeAccess.keySafeCode']").InputValueAsync()).Should().BeEmpty("the form never shows the door secrets either");
        (await page.Locator("[name='keyItems[0].location']").InputValueAsync()).Should().Be("hook by the back door", "the form holds the current version");

        await page.Locator("[name='keyItems[0].location']").FillAsync("drawer in the hall table");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the revised plan", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/plan\?done=recorded&version=2$"));

        (await page.Locator("#plan-versions tbody tr").CountAsync()).Should().Be(2);
        (await page.Locator("#plan-versions tbody tr").AllInnerTextsAsync()).Should().AllSatisfy(row => row.Should().Contain("Ada Admin").And.Contain("dementia"));
        var changes = await page.Locator("#changes tbody tr").AllInnerTextsAsync();
        changes.Should().ContainSingle("only where the keys are kept changed").Which.Split('\t').Select(cell => cell.Trim())
            .Should().Equal("Where to find the house keys", "hook by the back door", "drawer in the hall table");
        await SystemFixture.KeepScreenshotAsync(page, "plan-versions");
        var export = await system.Whole.CardLookup.CreateClient().GetFromJsonAsync<JsonElement>($"/carers/{carerId}/data-export");
        export.GetProperty("planVersions").EnumerateArray().Select(v => v.GetProperty("doorSecrets").GetProperty("keySafeCode").GetString())
            .Should().Equal(["4321", "4321"], "the revision kept the key-safe code it never showed");

        await page.GetByLabel("From version").SelectOptionAsync("2");
        await page.GetByLabel("To version").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"from=2&to=2"));
        (await page.Locator("#no-changes").InnerTextAsync()).Should().Be("Nothing changed between version 2 and version 2.");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_plan_card_lookup_refuses_is_shown_again_as_it_was_typed_with_the_reason_in_plain_words()
    {
        var (carerId, _) = await CarerAssessedWithoutPlanAsync();
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, $"/register/carers/{carerId}/plan");

        await FillPlanAsync(page);
        await page.Locator("[name='medication[0].whereKept']").FillAsync("");
        await page.GetByLabel("Care workers needed at once").SelectOptionAsync("2");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Record the plan", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith($"/register/carers/{carerId}/plan", StringComparison.Ordinal) && r.Request.Method == "POST");

        refused.Status.Should().Be(400);
        (await page.Locator("#plan-refused").InnerTextAsync()).Should().Contain("The plan was not recorded").And.Contain("Medicine in row 1, where it is kept");
        (await page.Locator("[name='medication[0].name']").InputValueAsync()).Should().Be("Donepezil");
        (await page.Locator("[name='medication[0].times']").InputValueAsync()).Should().Be("08:00, 20:00");
        (await page.Locator("[name='people[0].careNeeds']").InputValueAsync()).Should().Be("Help with washing and meals; dementia.");
        (await page.Locator("[name='keyItems[0].location']").InputValueAsync()).Should().Be("hook by the back door");
        (await page.GetByRole(AriaRole.Checkbox, new() { Name = "dementia", Exact = true }).IsCheckedAsync()).Should().BeTrue();
        (await page.GetByLabel("Care workers needed at once").InputValueAsync()).Should().Be("2");
        (await page.Locator("#versions").InnerTextAsync()).Should().Contain("No version has been recorded yet.");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_first_plan_before_any_assessment_is_done_is_refused_in_plain_words_and_kept()
    {
        var (carerId, _) = await CarerAsync(assessed: false);
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, $"/register/carers/{carerId}/plan");
        (await page.Locator("#plan-form").InnerTextAsync()).Should().Contain("No assessment has been recorded as done");

        await FillPlanAsync(page);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Record the plan", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith($"/register/carers/{carerId}/plan", StringComparison.Ordinal) && r.Request.Method == "POST");

        refused.Status.Should().Be(409);
        (await page.Locator("#plan-refused").InnerTextAsync()).Should().Contain("Record the assessment as done before recording the emergency plan");
        (await page.Locator("[name='medication[0].whereKept']").InputValueAsync()).Should().Be("blue box, kitchen");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_reads_the_plan_but_is_offered_no_form_to_change_it()
    {
        var (carerId, _, surname) = await Seed.CarerWithCard(system.Whole.CardLookup.CreateClient(), Plymouth);
        var page = await system.SignedInAtAsync(ConsoleSignIn.Coordinator, $"/register/carers/{carerId}/plan");

        (await page.Locator("h1").InnerTextAsync()).Should().Be($"Emergency plan: Margaret {surname}");
        (await page.Locator("#current-plan").InnerTextAsync()).Should().Contain("Help with washing, dressing and meals; dementia.").And.Contain("Sue Penrose");
        (await page.Locator("#plan-form").CountAsync()).Should().Be(0);
        (await page.Locator($"form[action='/register/carers/{carerId}/plan']").CountAsync()).Should().Be(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = $"Export or erase Margaret {surname}'s data" }).CountAsync()).Should().Be(0, "data protection is for administrators");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_export_downloads_one_file_naming_the_carer_with_card_lookups_and_crisis_intakes_data()
    {
        var (carerId, _, surname) = await Seed.CarerWithCard(system.Whole.CardLookup.CreateClient(), Plymouth);
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, $"/register/carers/{carerId}/plan");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Export or erase Margaret {surname}'s data" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex($@"/register/carers/{carerId}/data$"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = $"Download Margaret {surname}'s data (JSON)" }).ClickAsync());

        download.SuggestedFilename.Should().Be($"cers-data-margaret-{surname.ToLowerInvariant()}-2026-11-25.json");
        var file = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)).RootElement;
        file.GetProperty("carerId").GetGuid().Should().Be(carerId);
        file.GetProperty("exportedBy").GetString().Should().Be(ConsoleSignIn.Administrator.DisplayName);
        file.GetProperty("cardLookup").GetProperty("carer").GetProperty("name").GetProperty("last").GetString().Should().Be(surname);
        file.GetProperty("cardLookup").GetProperty("planVersions").GetArrayLength().Should().Be(1);
        file.GetProperty("crisisIntake").GetProperty("service").GetString().Should().Be("crisis-intake");
        file.GetProperty("crisisIntake").GetProperty("activations").GetArrayLength().Should().Be(0);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Erasing_a_carer_whose_cover_is_in_progress_is_warned_of_and_done_only_once_confirmed()
    {
        var cards = system.Whole.CardLookup.CreateClient();
        var (carerId, card, surname) = await Seed.CarerWithCard(cards, Plymouth);
        var activation = await OpenCoverAsync(card);
        await Eventually.GetAsync(async () =>
            (await system.Whole.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/data-subjects/carers/{carerId}/activations"))
            .GetProperty("activations").GetArrayLength() > 0 ? "identified" : null, what: "the activation identified as the carer's");
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, $"/register/carers/{carerId}/data");

        (await page.Locator("#cover-in-progress").InnerTextAsync()).Should().Contain($"Margaret {surname}'s cover is in progress").And.Contain("admitted to hospital");
        await SystemFixture.KeepScreenshotAsync(page, "carer-data");
        await page.GetByLabel("Reason (for the record", new() { Exact = false }).FillAsync("Erasure request DSR-2026-114");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = $"Erase Margaret {surname}'s data" }).ClickAsync(),
            r => r.Url.EndsWith("/data/erasure", StringComparison.Ordinal));

        refused.Status.Should().Be(409);
        (await page.Locator(".problem").AllInnerTextsAsync()).Should().Contain(p => p.StartsWith("Nothing was erased: this carer's cover is in progress.", StringComparison.Ordinal));
        (await page.GetByLabel("Reason (for the record", new() { Exact = false }).InputValueAsync()).Should().Be("Erasure request DSR-2026-114");
        (await cards.GetFromJsonAsync<JsonElement>($"/carers/{carerId}")).GetProperty("erased").GetBoolean().Should().BeFalse();

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "I know the carer's cover is in progress and mean to erase their data now" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Erase Margaret {surname}'s data" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/data\?done=erased&withdrawn="));

        var grouped = $"{card[..4]} {card[4..8]} {card[8..]}";
        (await page.Locator("#erased").InnerTextAsync()).Should().Contain("The carer's personal data was erased").And.Contain($"Card withdrawn (no longer working): {grouped}.");
        (await page.Locator("#erasure").InnerTextAsync()).Should().Contain("There is nothing left to erase.");
        (await page.Locator("form[action$='/data/erasure']").CountAsync()).Should().Be(0);
        (await cards.GetFromJsonAsync<JsonElement>($"/carers/{carerId}")).GetProperty("erased").GetBoolean().Should().BeTrue();
        (await cards.GetFromJsonAsync<JsonElement>($"/cards/{card}")).GetProperty("works").GetBoolean().Should().BeFalse();

        using var closed = await system.Whole.Intake.CreateClient().PostAsJsonAsync($"/activations/{activation}/close", new { outcome = "NoCoverNeeded", closedBy = "Test", notes = "Test finished." });
        await page.CloseAsync();
    }


    /// <summary>Care needs, a medicine, the GP, a key item, a contact, a skill and the review date: a whole first plan.</summary>
    private static async Task FillPlanAsync(IPage page)
    {
        await page.Locator("[name='people[0].careNeeds']").FillAsync("Help with washing and meals; dementia.");
        await page.Locator("[name='people[0].healthConditions']").FillAsync("dementia");
        await page.Locator("[name='medication[0].name']").FillAsync("Donepezil");
        await page.Locator("[name='medication[0].dose']").FillAsync("10 mg");
        await page.Locator("[name='medication[0].times']").FillAsync("08:00, 20:00");
        await page.Locator("[name='medication[0].route']").FillAsync("by mouth");
        await page.Locator("[name='medication[0].whereKept']").FillAsync("blue box, kitchen");
        await page.Locator("[name='medication[0].whoMayGive']").FillAsync("trained staff");
        await page.Locator("[name='gp.name']").FillAsync("Dr Rao");
        await page.Locator("[name='gp.practice']").FillAsync("Hoe Surgery");
        await page.Locator("[name='gp.phone']").FillAsync("0113 496 0500");
        await page.Locator("[name='keyItems[0].item']").FillAsync("house keys");
        await page.Locator("[name='keyItems[0].location']").FillAsync("hook by the back door");
        await page.Locator("[name='emergencyContacts[0].name']").FillAsync("Sue Penrose");
        await page.Locator("[name='emergencyContacts[0].relationship']").FillAsync("daughter");
        await page.Locator("[name='emergencyContacts[0].phone']").FillAsync("0113 496 0700");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "dementia", Exact = true }).CheckAsync();
        await page.Locator("[name='reviewDate']").FillAsync("2027-05-01");
    }

    private Task<(Guid CarerId, string Surname)> CarerAssessedWithoutPlanAsync() => CarerAsync(assessed: true);

    /// <summary>A carer in Plymouth caring for her husband, as the hub registers them; assessed (done) or not, and no plan yet.</summary>
    private async Task<(Guid CarerId, string Surname)> CarerAsync(bool assessed)
    {
        var cards = system.Whole.CardLookup.CreateClient();
        var surname = $"{Plymouth.FamilyName}{Guid.NewGuid().ToString("N")[..6]}";
        using var carer = await cards.PostAsJsonAsync("/carers", new
        {
            firstName = "Margaret", lastName = surname, dateOfBirth = "1958-04-09",
            address = new { line1 = Plymouth.Line1, town = Plymouth.Town, postcode = Plymouth.Postcode, latitude = Plymouth.Latitude, longitude = Plymouth.Longitude },
            phones = new[] { new { label = "mobile", number = "0113 496 0123" } },
            preferredLanguage = "English", hubReference = $"HUB-PL-{Guid.NewGuid():N}"[..20], consentToSharePlan = true, registeredBy = "hub: J Brown",
        });
        carer.IsSuccessStatusCode.Should().BeTrue(await carer.Content.ReadAsStringAsync());
        var carerId = (await carer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("carerId").GetGuid();
        using var person = await cards.PostAsJsonAsync($"/carers/{carerId}/cared-for", new { firstName = "Tom", lastName = surname, dateOfBirth = "1954-01-20", relationship = "husband", registeredBy = "hub: J Brown" });
        person.IsSuccessStatusCode.Should().BeTrue(await person.Content.ReadAsStringAsync());
        using var booked = await cards.PostAsJsonAsync($"/carers/{carerId}/assessments", new { at = "2026-11-28T10:00:00", assessor = "S Jones", bookedBy = "hub: J Brown" });
        booked.IsSuccessStatusCode.Should().BeTrue(await booked.Content.ReadAsStringAsync());
        if (assessed)
        {
            var assessmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assessmentId").GetGuid();
            using var done = await cards.PostAsJsonAsync($"/carers/{carerId}/assessments/{assessmentId}/completion", new { findings = "Plan agreed.", completedBy = "S Jones" });
            done.IsSuccessStatusCode.Should().BeTrue(await done.Content.ReadAsStringAsync());
        }

        return (carerId, surname);
    }

    private Task<Guid> OpenCoverAsync(string card) => system.Whole.OpenByPartnerAsync(card, "Devon and Cornwall Police", "PC Trelawny", "+447700900323");
}
