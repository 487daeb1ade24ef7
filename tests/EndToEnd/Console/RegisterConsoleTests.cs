using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// An administrator keeping the register at the console, against card lookup: registering a carer through to their
/// printed card, finding them again, a lost card replaced, and a registration card lookup refuses. Coordinators read a
/// carer's page but do not keep the register.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed partial class RegisterConsoleTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task An_administrator_registers_a_carer_through_to_a_printed_card_finds_them_again_and_replaces_a_lost_card()
    {
        var surname = $"Okafor{Guid.NewGuid().ToString("N")[..6]}";
        var page = await system.SignedInAsync(ConsoleSignIn.Administrator);
        new Uri(page.Url).AbsolutePath.Should().Be("/register", "an administrator lands on the register after signing in");

        await FillRegistrationAsync(page, surname, dateOfBirth: "1975-06-14", postcode: "G12 8QQ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register carer" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/register/carers/[0-9a-f-]{36}\?done=registered$"));
        var carerId = Guid.Parse(CarerIdInAddress().Match(page.Url).Groups[1].Value);
        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Carer registered.");
        (await page.Locator("h1").InnerTextAsync()).Should().Be($"Grace {surname}");
        (await page.Locator("#details").InnerTextAsync()).Should().Contain("22 Byres Road, Glasgow G12 8QQ (Scotland)")
            .And.Contain("0141 496 0123").And.Contain("Yes, the carer agreed").And.Contain("G12 Glasgow").And.Contain("none recorded yet");
        (await page.GetByRole(AriaRole.Link, new() { Name = "Emergency plan", Exact = true }).GetAttributeAsync("href")).Should().Be($"/register/carers/{carerId}/plan");
        (await page.GetByRole(AriaRole.Link, new() { Name = "Export or erase data" }).GetAttributeAsync("href")).Should().Be($"/register/carers/{carerId}/data");

        var caredFor = page.Locator("#cared-for form");
        await caredFor.Locator("input[name=firstName]").FillAsync("Emeka");
        await caredFor.Locator("input[name=lastName]").FillAsync(surname);
        await caredFor.Locator("input[name=dateOfBirth]").FillAsync("1948-02-03");
        await caredFor.Locator("input[name=relationship]").FillAsync("father");
        await Submit(page, "Add person cared for", "cared-for");
        (await page.Locator("#cared-for table").InnerTextAsync()).Should().Contain($"Emeka {surname}").And.Contain("father");

        var day = system.Whole.Clock.GetCurrentInstant().InZone(LondonTime.London).Date.PlusDays(14);
        await page.Locator("#assessments input[name=at]").FillAsync($"{day.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}T10:30");
        await page.Locator("#assessments input[name=assessor]").FillAsync("S Jones");
        await Submit(page, "Book assessment", "booked");
        var assessment = page.Locator("#assessments tr[data-assessment]");
        (await assessment.InnerTextAsync()).Should().Contain("10:30 (UK time)").And.Contain("S Jones").And.Contain("Booked, not done yet.");
        await assessment.Locator("textarea[name=findings]").FillAsync("Home visit; plan agreed with Emeka's daughter.");
        await Submit(page, "Record as done", "completed");
        (await page.Locator("#assessments tr[data-assessment]").InnerTextAsync()).Should().Contain("Done on").And.Contain("Home visit; plan agreed");

        await Submit(page, "Issue a card", "issued");
        var issued = page.Locator("#cards tr[data-card]");
        (await issued.CountAsync()).Should().Be(1);
        var cardNumber = (await issued.GetAttributeAsync("data-card"))!;
        var grouped = Grouped(cardNumber);
        (await issued.Locator(".card-status").InnerTextAsync()).Should().Be("Working");
        (await issued.Locator(".card-number").InnerTextAsync()).Should().Be(grouped);

        var printed = await page.RunAndWaitForPopupAsync(() => issued.GetByRole(AriaRole.Link, new() { Name = "Print card" }).ClickAsync());
        await printed.Locator(".number").WaitForAsync();
        (await printed.Locator(".number").InnerTextAsync()).Should().Be(grouped);
        await SystemFixture.KeepScreenshotAsync(printed, "printed-card");
        (await printed.Locator(".carer").InnerTextAsync()).Should().Be("Carer: Grace", "a card found in the street names nobody fully");
        (await printed.Locator(".card").EvaluateAsync<string>("card => getComputedStyle(card).backgroundColor"))
            .Should().Be("rgb(255, 214, 0)", "the card's own style passes the console's Content-Security-Policy: it prints yellow");
        (await printed.Locator(".card").EvaluateAsync<double>("card => card.getBoundingClientRect().width")).Should().BeInRange(320, 326, "85.6 mm wide");
        await printed.CloseAsync();
        await SystemFixture.KeepScreenshotAsync(page, "register-carer");

        await page.GotoAsync(system.Url("/register"), Committed);
        await page.Locator("input[name=cardNumber]").FillAsync($" {grouped} ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find by card" }).ClickAsync();
        (await page.Locator($"#matches tr[data-carer='{carerId}']").InnerTextAsync()).Should().Contain($"Grace {surname}").And.Contain($"{grouped}: working");
        (await page.Locator("input[name=cardNumber]").InputValueAsync()).Should().Be($" {grouped} ", "what was typed stays");

        await page.Locator("input[name=surname]").FillAsync(surname.ToLowerInvariant());
        await page.Locator("#find input[name=dateOfBirth]").FillAsync("1975-06-14");
        await page.Locator("#find input[name=postcode]").FillAsync("g128qq");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find by details" }).ClickAsync();
        var found = page.Locator($"#matches tr[data-carer='{carerId}']");
        (await found.InnerTextAsync()).Should().Contain("Sat 14 Jun 1975").And.Contain("22 Byres Road");
        await found.GetByRole(AriaRole.Link, new() { Name = $"Grace {surname}" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex($@"/register/carers/{carerId}$"));

        var card = page.Locator($"#cards tr[data-card='{cardNumber}']");
        await card.Locator("select[name=kind]").SelectOptionAsync("lost");
        await card.GetByRole(AriaRole.Button, new() { Name = "Report lost or stolen" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"\?done=lost$"));
        (await card.Locator(".card-status").InnerTextAsync()).Should().Be("Reported lost: does not work");
        (await card.InnerTextAsync()).Should().Contain($"Reported lost by {ConsoleSignIn.Administrator.DisplayName}");
        await card.GetByRole(AriaRole.Button, new() { Name = "Replace with a new card" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"\?done=replaced$"));

        var rows = page.Locator("#cards tr[data-card]");
        (await rows.CountAsync()).Should().Be(2);
        var newNumber = (await rows.First.GetAttributeAsync("data-card"))!;
        newNumber.Should().NotBe(cardNumber);
        (await rows.First.Locator(".card-status").InnerTextAsync()).Should().Be("Working");
        (await rows.First.InnerTextAsync()).Should().Contain($"In place of card {grouped}");
        (await card.Locator(".card-status").InnerTextAsync()).Should().Be($"Replaced by {Grouped(newNumber)}: does not work");
        (await card.InnerTextAsync()).Should().Contain($"Replaced after it was reported lost by {ConsoleSignIn.Administrator.DisplayName}");
        (await card.GetByRole(AriaRole.Link, new() { Name = "Print card" }).CountAsync()).Should().Be(0, "a card that does not work is not printed");
        var old = await system.Whole.CardLookup.CreateClient().GetFromJsonAsync<JsonElement>($"/cards/{cardNumber}");
        old.GetProperty("replacedByCardNumber").GetString().Should().Be(newNumber);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_suspends_a_card_saying_why_and_reinstates_it_and_a_suspension_without_its_note_is_refused_over_its_form()
    {
        var (carerId, cardNumber, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var page = await system.SignedInAsync(ConsoleSignIn.Administrator);
        await page.GotoAsync(system.Url($"/register/carers/{carerId}"), Committed);
        var card = page.Locator($"#cards tr[data-card='{cardNumber}']");

        await card.Locator("select[name=reason]").SelectOptionAsync("Other");
        var refused = await page.RunAndWaitForResponseAsync(
            () => card.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync(),
            r => r.Url.EndsWith($"/cards/{cardNumber}/suspension", StringComparison.Ordinal) && r.Request.Method == "POST");

        refused.Status.Should().Be(400);
        (await card.Locator(".problem").InnerTextAsync()).Should().Contain("Note: Say why when the reason is Other.");
        (await card.Locator("select[name=reason]").InputValueAsync()).Should().Be("Other", "what was chosen stays");
        (await card.Locator(".card-status").InnerTextAsync()).Should().Be("Working");

        await card.Locator("input[name=note]").FillAsync("In a care home for six weeks");
        await card.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"\?done=suspended$"));
        (await card.Locator(".card-status").InnerTextAsync()).Should().Be("Suspended (another reason: In a care home for six weeks): does not work until reinstated");
        (await card.GetByRole(AriaRole.Link, new() { Name = "Print card" }).CountAsync()).Should().Be(0);
        (await page.GetByRole(AriaRole.Button, new() { Name = "Issue a card" }).CountAsync()).Should().Be(0, "a suspended card is the carer's card still");

        await card.GetByRole(AriaRole.Button, new() { Name = "Reinstate" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"\?done=reinstated$"));
        (await card.Locator(".card-status").InnerTextAsync()).Should().Be("Working");
        (await system.Whole.CardLookup.CreateClient().GetFromJsonAsync<JsonElement>($"/cards/{cardNumber}")).GetProperty("works").GetBoolean().Should().BeTrue();
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_records_the_contacts_reached_and_the_consent_given_and_a_stale_plan_version_is_refused_over_its_form()
    {
        var cards = system.Whole.CardLookup.CreateClient();
        var (carerId, _, _) = await Seed.CarerWithCardInCambridge(cards);
        var page = await system.SignedInAsync(ConsoleSignIn.Administrator);
        await page.GotoAsync(system.Url($"/register/carers/{carerId}"), Committed);
        var confirmations = page.Locator("#confirmations");
        (await page.Locator("#contacts-confirmed").InnerTextAsync()).Should().Be("Not confirmed yet.");

        await confirmations.Locator("select[name=how]").SelectOptionAsync("in-person");
        await Submit(page, "Record contacts confirmed", "contacts-confirmed");

        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Emergency contacts recorded as confirmed.");
        var today = LondonTime.Show(system.Whole.Clock.GetCurrentInstant().InZone(LondonTime.London).Date);
        (await page.Locator("#contacts-confirmed").InnerTextAsync()).Should().StartWith($"Confirmed on {today}").And.EndWith("(in person) for plan version 1.");

        await confirmations.Locator("select[name=consentToSharePlan]").SelectOptionAsync("false");
        await Submit(page, "Record consent confirmed", "consent-confirmed");

        (await page.Locator("#consent-recorded").InnerTextAsync()).Should().StartWith("No, the carer did not agree, last said on");
        var carer = await cards.GetFromJsonAsync<JsonElement>($"/carers/{carerId}");
        carer.GetProperty("consentToSharePlan").GetBoolean().Should().BeFalse();

        var plan = await cards.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan");
        var revision = JsonSerializer.SerializeToNode(plan)!.AsObject();
        revision["reviewDate"] = "2027-06-01";
        revision["recordedBy"] = "assessor: S Jones";
        revision["homeAccess"]!["keepDoorSecrets"] = true;
        using (var revised = await cards.PutAsJsonAsync($"/carers/{carerId}/plan", revision))
        {
            revised.IsSuccessStatusCode.Should().BeTrue(await revised.Content.ReadAsStringAsync());
        }

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Record contacts confirmed", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith("/emergency-contacts/confirmations", StringComparison.Ordinal) && r.Request.Method == "POST");

        refused.Status.Should().Be(409, "the page showed version 1 and version 2 has been recorded since");
        (await confirmations.Locator(".problem").InnerTextAsync()).Should().Contain("Plan version 1 is not the latest");
        (await page.Locator("#contacts-confirmed").InnerTextAsync()).Should().EndWith("for plan version 1; version 2 has the same numbers.");
        (await confirmations.Locator("input[name=planVersion]").InputValueAsync()).Should().Be("2", "the form now offers the version that stands");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_registration_card_lookup_refuses_says_what_was_wrong_in_plain_words_and_keeps_what_was_typed()
    {
        var surname = $"Refused{Guid.NewGuid().ToString("N")[..6]}";
        var nextYear = system.Whole.Clock.GetCurrentInstant().InZone(LondonTime.London).Date.PlusYears(1).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
        var page = await system.SignedInAsync(ConsoleSignIn.Administrator);
        await page.GotoAsync(system.Url("/register"), Committed);

        await FillRegistrationAsync(page, surname, dateOfBirth: nextYear, postcode: "XYZ 123");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Register carer" }).ClickAsync(),
            r => r.Url.EndsWith("/register/carers", StringComparison.Ordinal) && r.Request.Method == "POST");

        response.Status.Should().Be(400);
        var problem = await page.Locator("#register .problem").InnerTextAsync();
        problem.Should().Contain("Date of birth: A date of birth in the past.").And.Contain("Postcode: A UK postcode, such as LS6 2AB.");
        problem.Should().NotContain("dateOfBirth").And.NotContain("address.postcode", "the fields are named as the form names them");
        var form = page.Locator("#register form");
        (await form.Locator("input[name=lastName]").InputValueAsync()).Should().Be(surname);
        (await form.Locator("input[name=dateOfBirth]").InputValueAsync()).Should().Be(nextYear);
        (await form.Locator("input[name=postcode]").InputValueAsync()).Should().Be("XYZ 123");
        (await form.Locator("input[name=latitude]").InputValueAsync()).Should().Be("55.8721");
        (await form.Locator("input[name=phone1Number]").InputValueAsync()).Should().Be("0141 496 0123");
        (await form.Locator("input[name=consentToSharePlan][value=yes]").IsCheckedAsync()).Should().BeTrue();
        var search = await system.Whole.CardLookup.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/lookup/carer?surname={surname}&dateOfBirth=1975-06-14&postcode=G12%208QQ&channel=console&requestedBy=test");
        search.GetProperty("matches").GetArrayLength().Should().Be(0, "nothing was registered");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_cannot_open_the_register_and_reads_a_carer_s_page_without_the_forms_that_change_it()
    {
        var (carerId, cardNumber, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);

        var refused = await page.GotoAsync(system.Url("/register"), Committed);

        refused!.Status.Should().Be(403);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Access denied");
        (await page.Locator(".needed-role").InnerTextAsync()).Should().Be("administrator");

        var carer = await page.GotoAsync(system.Url($"/register/carers/{carerId}"), Committed);
        carer!.Status.Should().Be(200);
        (await page.Locator($"#cards tr[data-card='{cardNumber}']").InnerTextAsync()).Should().Contain(Grouped(cardNumber)).And.Contain("Working");
        (await page.Locator("main form").CountAsync()).Should().Be(0, "only administrators change the register");
        (await page.GetByRole(AriaRole.Link, new() { Name = "Print card" }).CountAsync()).Should().Be(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = "Export or erase data" }).CountAsync()).Should().Be(0);
        await page.CloseAsync();
    }

    private static async Task FillRegistrationAsync(IPage page, string surname, string dateOfBirth, string postcode)
    {
        var form = page.Locator("#register form");
        await form.Locator("input[name=firstName]").FillAsync("Grace");
        await form.Locator("input[name=lastName]").FillAsync(surname);
        await form.Locator("input[name=dateOfBirth]").FillAsync(dateOfBirth);
        await form.Locator("input[name=hubReference]").FillAsync($"HUB-REG-{Guid.NewGuid():N}"[..20]);
        await form.Locator("input[name=line1]").FillAsync("22 Byres Road");
        await form.Locator("input[name=town]").FillAsync("Glasgow");
        await form.Locator("input[name=postcode]").FillAsync(postcode);
        await form.Locator("input[name=latitude]").FillAsync("55.8721");
        await form.Locator("input[name=longitude]").FillAsync("-4.2885");
        await form.Locator("input[name=phone1Label]").FillAsync("home");
        await form.Locator("input[name=phone1Number]").FillAsync("0141 496 0123");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Yes, they agree" }).CheckAsync();
    }

    private static async Task Submit(IPage page, string button, string done)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.ArrivedAtAsync(new Regex($@"\?done={done}$"));
    }

    /// <summary>Going to a page without waiting for its load event, for the reason <see cref="PageArrival"/> gives.</summary>
    private static readonly PageGotoOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    private static string Grouped(string digits) => string.Join(' ', digits.Chunk(4).Select(chunk => new string(chunk)));

    [GeneratedRegex("/register/carers/([0-9a-f-]{36})")]
    private static partial Regex CarerIdInAddress();
}
