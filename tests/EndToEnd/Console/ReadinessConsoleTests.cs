using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// The readiness page through the whole system: a carer registered at card lookup, with a card and a plan whose emergency
/// contacts nobody has confirmed yet, shows as a card that cannot be served, with what is wrong and what would fix it;
/// recording the confirmation on the carer's page takes that problem away.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class ReadinessConsoleTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task An_administrator_sees_a_new_card_whose_contacts_nobody_confirmed_as_one_that_cannot_be_served_and_recording_the_confirmation_mends_it()
    {
        var (carerId, card, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/readiness");
        var row = page.Locator($"#readiness tbody tr[data-carer='{carerId}']");

        await Eventually.GetAsync(async () =>
        {
            await page.ReloadAsync();
            return await row.CountAsync() == 1 ? "shown" : null;
        }, within: TimeSpan.FromSeconds(30), what: "the new card listed among those that cannot be served");

        (await row.GetAttributeAsync("data-state")).Should().Be("red");
        (await row.Locator("td").First.InnerTextAsync()).Trim().Should().Be(string.Join(' ', card.Chunk(4).Select(group => new string(group))), "as printed on the card");
        (await row.Locator("ul.problems").InnerTextAsync()).Should().Contain("Nobody has confirmed the emergency contacts' numbers for this version of the plan.");
        (await row.Locator("ul.fixes").InnerTextAsync()).Should().Contain("Phone each emergency contact and record the confirmation on the carer's page.");
        (await page.Locator("#readiness-counts").InnerTextAsync()).Should().MatchRegex(@"^\d+ cards? cannot be served now; \d+ more will not be within the week\.$");
        (await page.GetByRole(AriaRole.Link, new() { Name = "Readiness", Exact = true }).CountAsync()).Should().Be(1, "the page is in the header");
        await SystemFixture.KeepScreenshotAsync(page, "readiness");

        await page.GetByRole(AriaRole.Button, new() { Name = "Check every card now" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/readiness\?done=checked$"));
        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Every card was checked against the rota now.");
        (await row.CountAsync()).Should().Be(1, "nothing was done to mend it");

        // The fix, as the page says: the contacts phoned and the confirmation recorded on the carer's page.
        await row.Locator("td a").ClickAsync();
        await page.ArrivedAtAsync(new Regex($"/register/carers/{carerId}$"));
        await page.Locator("#confirmations select[name=how]").SelectOptionAsync("phoned");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record contacts confirmed", Exact = true }).ClickAsync();
        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Emergency contacts recorded as confirmed.");

        await page.GotoAsync(system.Url("/readiness"));
        await Eventually.GetAsync(async () =>
        {
            await page.ReloadAsync();
            var stillListed = await row.CountAsync() == 1;
            return !stillListed || !(await row.Locator("ul.problems").InnerTextAsync()).Contains("emergency contacts", StringComparison.Ordinal) ? "mended" : null;
        }, within: TimeSpan.FromSeconds(30), what: "the contacts problem gone from the card once the confirmation reached rostering");
        await page.CloseAsync();
    }
}
