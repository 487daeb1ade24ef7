using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd;

/// <summary>
/// Waiting for a console page by its address alone, as the address bar shows it. WaitForURLAsync also waits for a load
/// state, even with WaitUntil Commit when the address already matches, and on two loaded cores Chromium sometimes had
/// the page there and the network idle with the load event never coming; the locators a test reads next wait for what
/// they need.
/// </summary>
public static class PageArrival
{
    private static readonly PageAssertionsToHaveURLOptions Patiently = new() { Timeout = 60_000 };

    public static Task ArrivedAtAsync(this IPage page, Regex address) => Assertions.Expect(page).ToHaveURLAsync(address, Patiently);

    public static Task ArrivedAtAsync(this IPage page, string address) => Assertions.Expect(page).ToHaveURLAsync(address, Patiently);
}
