using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.Testing;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd;

[Collection(SystemCollection.Name)]
public sealed class LiveBoardTests(SystemFixture system)
{
    [Fact]
    public async Task A_phoned_in_activation_appears_on_the_board_without_a_reload()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(system.ConsoleUrl.ToString());
        await page.Locator("body[data-live='true']").WaitForAsync(new() { Timeout = 15_000 });
        await page.EvaluateAsync("() => window.__openedBeforeTheCall = true");
        var callSid = TwilioCaller.NewCallSid();

        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));

        var row = page.Locator($"tr[data-activation='{PhoneCallIds.ActivationIdFor(callSid)}']", new() { HasText = "Card not identified" });
        await row.WaitForAsync(new() { Timeout = 30_000 });
        (await row.InnerTextAsync()).Should().Contain("Phone");
        (await page.EvaluateAsync<bool>("() => window.__openedBeforeTheCall === true")).Should().BeTrue("the page was not reloaded");
        await SystemFixture.KeepScreenshotAsync(page, "live-board");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_call_stored_while_the_page_is_still_connecting_to_the_live_feed_shows_once_it_connects()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        var callStored = new TaskCompletionSource();
        await page.RouteAsync(new Regex("/hubs/board/negotiate"), async route =>
        {
            await callStored.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync(system.ConsoleUrl.ToString());
        await page.EvaluateAsync("() => window.__openedBeforeTheCall = true");
        var callSid = TwilioCaller.NewCallSid();
        var id = PhoneCallIds.ActivationIdFor(callSid);
        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        await Eventually.GetAsync(async () =>
        {
            var rows = await page.EvaluateAsync<string>("() => fetch('/board/rows').then(r => r.text())");
            return rows.Contains(id.ToString()) ? rows : null;
        }, what: "the call on the board's rows");
        (await page.Locator($"tr[data-activation='{id}']").CountAsync()).Should().Be(0, "the board drew its rows before the call");

        callStored.SetResult();

        await page.Locator($"tr[data-activation='{id}']").WaitForAsync(new() { Timeout = 15_000 });
        (await page.EvaluateAsync<bool>("() => window.__openedBeforeTheCall === true")).Should().BeTrue("the page was not reloaded");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_filtered_board_keeps_its_filter_as_calls_come_in_and_says_when_nothing_matches()
    {
        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(TwilioCaller.NewCallSid()));
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.GotoAsync(new Uri(system.ConsoleUrl, "/?state=CardNotIdentified").ToString());
        await page.Locator("body[data-live='true']").WaitForAsync(new() { Timeout = 15_000 });
        (await page.Locator(".meta").First.InnerTextAsync()).Should().MatchRegex(@"Showing \d+ of \d+ open activations");

        var callSid = TwilioCaller.NewCallSid();
        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));

        await page.Locator($"tr[data-activation='{PhoneCallIds.ActivationIdFor(callSid)}']").WaitForAsync(new() { Timeout = 30_000 });
        (await page.Locator("#board tbody tr").AllInnerTextsAsync()).Should().OnlyContain(row => row.Contains("Card not identified"), "the live rows keep the page's filter");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Find" }).FillAsync("no-such-activation-anywhere");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"q=no-such-activation-anywhere"));
        (await page.Locator("#empty").InnerTextAsync()).Should().Be("No open activation matches the filter.");
        (await page.Locator("select[name=state]").InputValueAsync()).Should().Be("CardNotIdentified", "the other choices stay as they were");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_takes_an_activation_from_the_board_everyone_sees_whose_it_is_and_the_timeline_records_it()
    {
        var callSid = TwilioCaller.NewCallSid();
        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        var id = PhoneCallIds.ActivationIdFor(callSid);
        var cora = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await cora.GotoAsync(system.ConsoleUrl.ToString());
        var row = cora.Locator($"tr[data-activation='{id}']");
        await row.WaitForAsync(new() { Timeout = 30_000 });

        await row.GetByRole(AriaRole.Button, new() { Name = "I have this" }).ClickAsync();

        await cora.ArrivedAtAsync(new Regex(@"done=claimed$"));
        (await cora.Locator($"tr[data-activation='{id}'] td.claim").InnerTextAsync()).Should().Contain("Cora Ordinator has this");
        var sam = await system.SignedInAsync(ConsoleSignIn.Supervisor);
        await sam.GotoAsync(system.ConsoleUrl.ToString());
        var samsRow = sam.Locator($"tr[data-activation='{id}']");
        (await samsRow.Locator("td.claim").InnerTextAsync()).Should().Contain("Cora Ordinator has this", "every coordinator sees whose it is");
        (await samsRow.GetByRole(AriaRole.Button, new() { Name = "I have this" }).CountAsync()).Should().Be(0);

        await samsRow.GetByRole(AriaRole.Button, new() { Name = "Take it over" }).ClickAsync();

        await sam.ArrivedAtAsync(new Regex(@"done=claimed$"));
        (await sam.Locator($"tr[data-activation='{id}'] td.claim").InnerTextAsync()).Should().Contain("Sam Supervisor has this");
        await sam.GotoAsync(new Uri(system.ConsoleUrl, $"/activations/{id}").ToString());
        (await sam.Locator("ol.timeline").InnerTextAsync()).Should().Contain("Cora Ordinator has this activation")
            .And.Contain("Sam Supervisor has this activation, taking it over from Cora Ordinator");
        await cora.CloseAsync();
        await sam.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_board_fits_the_screen_without_scrolling_sideways()
    {
        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(TwilioCaller.NewCallSid()));
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync(system.ConsoleUrl.ToString());
        await page.Locator("#board tbody tr").First.WaitForAsync();

        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
        (await page.Locator("#board tbody tr").First.InnerTextAsync()).Should().Contain("Phone", "each row still says everything, one line under another");
        await page.CloseAsync();
    }

    [Fact]
    public async Task When_the_live_feed_drops_the_board_says_it_is_not_updating_until_the_feed_is_back()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        IWebSocketRoute? feed = null;
        var serverReachable = true;
        await page.RouteWebSocketAsync(new Regex("/hubs/board"), socket =>
        {
            if (serverReachable)
            {
                feed = socket;
                socket.ConnectToServer();
            }
            else
            {
                _ = socket.CloseAsync();
            }
        });
        // The feed's other transports (server-sent events, long polling) go down with it, or SignalR falls back to one of them.
        await page.RouteAsync(new Regex("/hubs/board"), route => serverReachable ? route.ContinueAsync() : route.AbortAsync());
        await page.GotoAsync(system.ConsoleUrl.ToString());
        await page.Locator("body[data-live='true']").WaitForAsync(new() { Timeout = 15_000 });
        (await page.Locator("#connection-lost").IsVisibleAsync()).Should().BeFalse();

        serverReachable = false;
        await feed!.CloseAsync();

        await page.Locator("#connection-lost").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        (await page.Locator("#connection-lost").InnerTextAsync()).Should().Contain("Connection lost");
        (await page.Locator("body").GetAttributeAsync("data-live")).Should().Be("false");

        serverReachable = true;
        await page.Locator("body[data-live='true']").WaitForAsync(new() { Timeout = 45_000 });
        (await page.Locator("#connection-lost").IsVisibleAsync()).Should().BeFalse("the feed is back");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_activation_page_shows_the_whole_timeline_and_exports_it()
    {
        var callSid = TwilioCaller.NewCallSid();
        await system.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        var id = PhoneCallIds.ActivationIdFor(callSid);
        await system.Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=0", DialOutcome(callSid, "no-answer"));
        var page = await system.SignedInAsync(ConsoleSignIn.Supervisor);

        await page.GotoAsync(new Uri(system.ConsoleUrl, $"/activations/{id}").ToString());

        var steps = await page.Locator("ol.timeline li").AllInnerTextsAsync();
        steps.Should().HaveCount(5);
        steps[0].Should().Contain("Opened by Caller");
        steps[1].Should().Contain("Card not identified");
        steps[2].Should().Contain("put through to");
        steps[3].Should().Contain("did not answer (no answer)");
        steps[4].Should().Contain("Duty manager");
        await SystemFixture.KeepScreenshotAsync(page, "activation-timeline");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByText("Download CSV").ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        csv[0].Should().StartWith("version,at_utc,at_london,source,event,summary");
        csv.Skip(1).Should().HaveCount(5).And.AllSatisfy(line => line.Should().Contain("\"crisis-intake\""));
        await page.CloseAsync();
    }

    private static Dictionary<string, string> DialOutcome(string callSid, string status)
    {
        var form = TwilioCaller.Call(callSid);
        form["DialCallStatus"] = status;
        return form;
    }
}
