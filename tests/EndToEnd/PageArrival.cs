using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd;

/// <summary>
/// Waiting for a console page by its address only until its answer starts to arrive. WaitForURLAsync on its own also
/// waits for the load event, and on two loaded cores Chromium sometimes had the page there and the network idle with
/// the load event never coming; the locators a test reads next wait for what they need.
/// </summary>
public static class PageArrival
{
    public static Task ArrivedAtAsync(this IPage page, Regex address) =>
        page.WaitForURLAsync(address, new() { WaitUntil = WaitUntilState.Commit });

    public static Task ArrivedAtAsync(this IPage page, string address) =>
        page.WaitForURLAsync(address, new() { WaitUntil = WaitUntilState.Commit });
}
