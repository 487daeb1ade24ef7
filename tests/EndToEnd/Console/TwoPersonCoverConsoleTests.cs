using Cers.Dispatch.Testing;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// A plan for a two-person transfer through every service and the console: both workers are asked at once, the board and
/// the activation page show each place filled, and the timeline says cover started only when both were there.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed class TwoPersonCoverConsoleTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task The_board_and_the_timeline_show_each_place_filled_and_cover_starting_when_both_workers_are_there()
    {
        // In Penzance: no other test's worker is within reach, so the two asked are these two.
        var (_, card, _) = await Seed.CarerWithCard(system.Whole.CardLookup.CreateClient(), Seed.Penzance, workersNeeded: 2);
        var rostering = system.Whole.Rostering.CreateClient();
        var wren = await Seed.CareWorkerOnCallAsync(rostering, "Wren Pascoe", 50.1200, -5.5300);
        var yara = await Seed.CareWorkerOnCallAsync(rostering, "Yara Nance", 50.1300, -5.5200);
        var id = await system.Whole.OpenByPartnerAsync(card, "Devon and Cornwall Police", "PC K. Rowe", "+447700900322");
        var board = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await board.GotoAsync(system.Url("/"));
        var row = board.Locator($"tr[data-activation='{id}']");

        await system.Whole.TextRosteringAsync(wren.Phone, $"YES {await OfferCodeAsync(wren.Phone)}");
        await row.Filter(new() { HasText = "1 of 2 places filled" }).WaitForAsync(new() { Timeout = 30_000 });
        await system.Whole.TextRosteringAsync(yara.Phone, $"YES {await OfferCodeAsync(yara.Phone)}");
        await row.Filter(new() { HasText = "Staff on the way (2 of 2 places filled, none on site)" }).WaitForAsync(new() { Timeout = 30_000 });

        await system.Whole.TextRosteringAsync(wren.Phone, "ARRIVED");
        await row.Filter(new() { HasText = "2 of 2 places filled, 1 on site" }).WaitForAsync(new() { Timeout = 30_000 });
        (await row.InnerTextAsync()).Should().Contain("Staff on the way", "cover waits for the second worker");
        await system.Whole.TextRosteringAsync(yara.Phone, "ARRIVED");
        await row.Filter(new() { HasText = "Cover in progress (2 of 2 places filled, 2 on site)" }).WaitForAsync(new() { Timeout = 30_000 });
        await SystemFixture.KeepScreenshotAsync(board, "board-two-person-cover");

        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.Url($"/activations/{id}"));
        (await page.Locator("#places").InnerTextAsync()).Should().Contain("needs 2 care workers at once").And.Contain("2 of 2 places filled");
        var timeline = await Eventually.GetAsync(async () =>
        {
            await page.ReloadAsync();
            var text = await page.Locator("ol.timeline").InnerTextAsync();
            return text.Contains("Yara Nance arrived", StringComparison.Ordinal) ? text : null;
        }, within: TimeSpan.FromSeconds(30), what: "both arrivals on the timeline");
        timeline.Should().Contain("accepted and is on the way (1 of 2 places filled)")
            .And.Contain("accepted and is on the way (2 of 2 places filled)")
            .And.Contain("Wren Pascoe arrived: 1 of 2 on site, cover starts when all are there")
            .And.Contain("Yara Nance arrived: 2 of 2 on site, cover started");
        await board.CloseAsync();
        await page.CloseAsync();
    }

    private async Task<string> OfferCodeAsync(string phone)
    {
        var offer = await system.Whole.LastSmsAsync(phone, "Reply YES");
        offer.Should().Contain("2 care workers are needed at once");
        return offer.Split("Reply YES ")[1].Split(' ')[0];
    }
}
