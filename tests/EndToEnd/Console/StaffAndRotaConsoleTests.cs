using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// The administration pages of the staff register and the rotas, in the browser. A system of their own: the calendar's
/// gaps are gaps of a whole role, which other tests' rotas would fill.
/// </summary>
[Collection(StaffAndRotaConsoleCollection.Name)]
public sealed class StaffAndRotaConsoleTests(ConsoleSystemFixture system)
{
    private static int nextPhone = Random.Shared.Next(0, 900);

    [Fact]
    public async Task An_administrator_registers_a_care_worker_sees_them_listed_deactivates_them_with_a_reason_and_reactivates_them()
    {
        var name = $"Rhea Register {Suffix()}";
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/staff");

        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=phone]").FillAsync(NewPhone());
        await page.Locator("#register-person select[name=role]").SelectOptionAsync("care-worker");
        await page.Locator("input[name=skills][value=personal-care]").CheckAsync();
        await page.Locator("input[name=skills][value=medication-administration]").CheckAsync();
        // The fixture's clock reads 25 Nov 2026: training running out in December is due soon, a DBS check from 1 Nov has run out.
        await page.Locator("input[name=training-medication-administration]").FillAsync("2026-12-10");
        await page.Locator("input[name=dbsCheckExpiresOn]").FillAsync("2026-11-01");
        await page.Locator("input[name=latitude]").FillAsync("52.2");
        await page.Locator("input[name=longitude]").FillAsync("0.12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();

        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Registered");
        var row = page.Locator("#staff tbody tr", new() { HasText = name });
        var listed = await row.InnerTextAsync();
        listed.Should().Contain("care worker").And.Contain("personal care, medication administration")
            .And.Contain("Expired on Sun 1 Nov 2026").And.Contain("medication administration: Expires soon: Thu 10 Dec 2026").And.Contain("Active");

        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.Locator("textarea[name=reason]").FillAsync("Left the service in November");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();

        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Deactivated");
        (await page.Locator("#person").InnerTextAsync()).Should().Contain("Deactivated: Left the service in November");
        await page.GotoAsync(system.Url("/staff?role=care-worker"));
        (await page.Locator("#staff tbody tr", new() { HasText = name }).InnerTextAsync()).Should().Contain("Deactivated: Left the service in November");
        await SystemFixture.KeepScreenshotAsync(page, "staff");

        await page.Locator("#staff tbody tr", new() { HasText = name }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();

        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Reactivated");
        (await page.Locator("#person").InnerTextAsync()).Should().Contain("Active").And.NotContain("Left the service");
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_renews_a_DBS_check_and_training_and_is_told_in_plain_words_when_a_new_number_is_someone_elses()
    {
        var rostering = system.Whole.Rostering.CreateClient();
        var other = await StaffAsync(rostering, $"Omar Other {Suffix()}", "coordinator");
        var otherPhone = (await rostering.GetFromJsonAsync<JsonElement>($"/staff/{other.Id}")).GetProperty("phone").GetString()!;
        var nell = await StaffAsync(rostering, $"Nell Renewal {Suffix()}", "coordinator");
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, $"/staff/{nell.Id}");

        await page.Locator("#dbs-check input[name=expiresOn]").FillAsync("2029-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record DBS check" }).ClickAsync();
        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("DBS check recorded");
        (await page.Locator("#person").InnerTextAsync()).Should().Contain("Wed 31 Jan 2029");

        await page.Locator("#training select[name=skill]").SelectOptionAsync("moving-and-handling");
        await page.Locator("#training input[name=expiresOn]").FillAsync("2026-12-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record training" }).ClickAsync();
        (await page.Locator("#person").InnerTextAsync()).Should().Contain("moving and handling: Expires soon: Tue 1 Dec 2026");

        await page.Locator("#phone input[name=phone]").FillAsync(otherPhone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change number" }).ClickAsync();
        (await page.Locator("#phone .problem").InnerTextAsync()).Should().Contain("Someone else on the register already has");
        (await page.Locator("#phone input[name=phone]").InputValueAsync()).Should().Be(otherPhone);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_registration_refused_for_a_number_that_is_not_a_UK_mobile_keeps_what_was_typed()
    {
        var name = $"Lena Landline {Suffix()}";
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/staff");

        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=phone]").FillAsync("01632 960000");
        await page.Locator("input[name=skills][value=dementia]").CheckAsync();
        await page.Locator("input[name=training-moving-and-handling]").FillAsync("2027-04-30");
        await page.Locator("input[name=dbsCheckExpiresOn]").FillAsync("2028-01-31");
        await page.Locator("input[name=latitude]").FillAsync("52.57");
        await page.Locator("input[name=longitude]").FillAsync("-0.24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();

        (await page.Locator("#register-person .problem").InnerTextAsync()).Should().Contain("Mobile phone: A UK mobile number");
        (await page.Locator("input[name=name]").InputValueAsync()).Should().Be(name);
        (await page.Locator("input[name=phone]").InputValueAsync()).Should().Be("01632 960000");
        (await page.Locator("input[name=skills][value=dementia]").IsCheckedAsync()).Should().BeTrue();
        (await page.Locator("input[name=skills][value=personal-care]").IsCheckedAsync()).Should().BeFalse();
        (await page.Locator("input[name=training-moving-and-handling]").InputValueAsync()).Should().Be("2027-04-30");
        (await page.Locator("input[name=dbsCheckExpiresOn]").InputValueAsync()).Should().Be("2028-01-31");
        (await page.Locator("input[name=longitude]").InputValueAsync()).Should().Be("-0.24");
        (await page.Locator("#staff").InnerTextAsync()).Should().NotContain(name);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_creates_a_rotation_and_adds_an_override_and_the_calendar_shows_the_rota_with_an_override_and_its_gap()
    {
        var rostering = system.Whole.Rostering.CreateClient();
        var dami = await StaffAsync(rostering, $"Dami Manager {Suffix()}", "duty-manager");
        var tess = await StaffAsync(rostering, $"Tess Manager {Suffix()}", "duty-manager");
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/rotas");
        await page.GetByRole(AriaRole.Link, new() { Name = "The rotas on a calendar, with the gaps" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "duty managers", Exact = true }).ClickAsync();

        // Daily turns from Monday 3 March 2031 (before the clocks change, so UK time is UTC), well clear of the fixture's clock.
        await page.Locator("input[name=name]").FillAsync("Duty managers, daily (test)");
        await page.Locator("select[name=kind]").SelectOptionAsync("on-call");
        await page.Locator("select[name=participant1]").SelectOptionAsync(dami.Id.ToString());
        await page.Locator("select[name=participant2]").SelectOptionAsync(tess.Id.ToString());
        await page.Locator("input[name=startsAt]").FillAsync("2031-03-03T09:00");
        await page.Locator("input[name=turnLength]").FillAsync("1");
        await page.Locator("select[name=turnUnit]").SelectOptionAsync("days");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create rotation" }).ClickAsync();

        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Rotation created");
        (await page.Locator("ol").InnerTextAsync()).Should().Contain(dami.Name).And.Contain(tess.Name);

        await page.Locator("input[name=from]").FillAsync("2031-03-03T15:00");
        await page.Locator("input[name=to]").FillAsync("2031-03-03T12:00");
        await page.Locator("select[name=reason]").SelectOptionAsync("sickness");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add override" }).ClickAsync();

        (await page.Locator("#add-override .problem").InnerTextAsync()).Should().Contain("Until: Must be after from");
        (await page.Locator("input[name=from]").InputValueAsync()).Should().Be("2031-03-03T15:00");
        (await page.Locator("select[name=reason]").InputValueAsync()).Should().Be("sickness");

        await page.Locator("input[name=from]").FillAsync("2031-03-03T12:00");
        await page.Locator("input[name=to]").FillAsync("2031-03-03T15:00");
        await page.Locator("select[name=coveredBy]").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add override" }).ClickAsync();

        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("Override added");
        (await page.Locator("#overrides").InnerTextAsync()).Should().Contain("Nobody (a gap)").And.Contain("sickness");

        await page.GotoAsync(system.Url("/rotas/calendar?from=2031-03-03&days=2"));
        var managers = page.Locator("section.calendar[data-role='duty-manager']");
        var before = await managers.Locator("tr[data-day='2031-03-03'][data-from='09:00']").InnerTextAsync();
        before.Should().Contain("09:00 – 12:00").And.Contain(dami.Name);
        var gap = managers.Locator("tr[data-day='2031-03-03'][data-from='12:00']");
        (await gap.InnerTextAsync()).Should().Contain("12:00 – 15:00").And.Contain("Nobody on call").And.Contain("Override: sickness").And.NotContain(dami.Name);
        (await gap.GetAttributeAsync("class")).Should().Contain("gap");
        await SystemFixture.KeepScreenshotAsync(page, "rotas-calendar");
        (await managers.Locator("tr[data-day='2031-03-03'][data-from='15:00']").InnerTextAsync()).Should().Contain("15:00 – midnight").And.Contain(dami.Name);
        (await managers.Locator("tr[data-day='2031-03-04'][data-from='09:00']").InnerTextAsync()).Should().Contain(tess.Name);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_reads_the_staff_register_and_the_calendar_but_is_offered_no_changes()
    {
        var rostering = system.Whole.Rostering.CreateClient();
        var cleo = await StaffAsync(rostering, $"Cleo Readonly {Suffix()}", "coordinator");
        var page = await system.SignedInAtAsync(ConsoleSignIn.Coordinator, "/staff");

        await page.GotoAsync(system.Url("/staff"));
        (await page.Locator("#staff").InnerTextAsync()).Should().Contain(cleo.Name);
        (await page.Locator("form[action='/staff'][method=post]").CountAsync()).Should().Be(0);
        (await page.GetByRole(AriaRole.Heading, new() { Name = "Register a person" }).CountAsync()).Should().Be(0);

        await page.GotoAsync(system.Url($"/staff/{cleo.Id}"));
        (await page.Locator("h1").InnerTextAsync()).Should().Be(cleo.Name);
        (await page.Locator("form[method=post]:not(.inline)").CountAsync()).Should().Be(0, "only the header's sign-out is a form");

        var calendar = await page.GotoAsync(system.Url("/rotas/calendar"));
        calendar!.Status.Should().Be(200);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Rotas calendar");
        (await page.Locator("section.calendar[data-role='coordinator']").CountAsync()).Should().Be(1);
        (await page.GetByRole(AriaRole.Link, new() { Name = "coordinators", Exact = true }).CountAsync()).Should().Be(0);
        await page.CloseAsync();
    }


    private static string Suffix() => Guid.NewGuid().ToString("N")[..5];

    private static string NewPhone() => $"07700 900{Interlocked.Increment(ref nextPhone) % 1000:000}";

    private static async Task<(Guid Id, string Name)> StaffAsync(HttpClient rostering, string name, string role) =>
        ((await Seed.StaffWithANumberOfTheirOwnAsync(
            rostering,
            NewPhone,
            phone => new
            {
                name, phone, role, skills = Array.Empty<string>(), training = Array.Empty<object>(), languages = new[] { "en" },
                active = true, registeredBy = "Duty manager D. Shaw",
            })).Id, name);
}

[CollectionDefinition(Name)]
public sealed class StaffAndRotaConsoleCollection : ICollectionFixture<ConsoleSystemFixture>
{
    public const string Name = "staff-and-rota-console";
}
