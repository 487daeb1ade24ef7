using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd;

/// <summary>Someone who signs in to the console in a test.</summary>
public sealed record ConsoleAccount(string Username, string DisplayName, string Password, params string[] Roles);

/// <summary>Signing in to the console as a person does it: the sign-in page, in the browser.</summary>
public static class ConsoleSignIn
{
    public const string TestPassword = "correct horse battery staple";

    public static readonly ConsoleAccount Coordinator = new("cora.ordinator", "Cora Ordinator", TestPassword, CersRoles.Coordinator);
    public static readonly ConsoleAccount Supervisor = new("sam.supervisor", "Sam Supervisor", TestPassword, CersRoles.Supervisor);
    public static readonly ConsoleAccount Administrator = new("ada.admin", "Ada Admin", TestPassword, CersRoles.Administrator);

    /// <summary>Creates the accounts through the console's own ConsoleUsers, as `add-user` does.</summary>
    public static async Task CreateAccountsAsync(IServiceProvider console, params ConsoleAccount[] accounts)
    {
        var users = console.GetRequiredService<ConsoleUsers>();
        foreach (var a in accounts)
        {
            await users.CreateAsync(a.Username, a.DisplayName, a.Password, a.Roles, CancellationToken.None);
        }
    }

    /// <summary>
    /// Signs in on the sign-in page and waits until the console has let the person in: on their own first page, or on
    /// <paramref name="startAt"/> as after following a link to it while signed out.
    /// </summary>
    public static async Task SignInAsync(IPage page, Uri consoleUrl, string username, string password, string? startAt = null)
    {
        await page.GotoAsync(new Uri(consoleUrl, startAt is null ? "/sign-in" : $"/sign-in?returnUrl={Uri.EscapeDataString(startAt)}").ToString());
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (startAt is not null)
        {
            await page.ArrivedAtAsync(new Uri(consoleUrl, startAt).ToString());
        }

        await page.Locator("header .who").WaitForAsync(new() { Timeout = 15_000 });
    }

    public static Task SignInAsync(IPage page, Uri consoleUrl, ConsoleAccount account) =>
        SignInAsync(page, consoleUrl, account.Username, account.Password);

    /// <summary>A fresh browser context (no cookies from other tests), signed in as the account, on its first page or <paramref name="startAt"/>.</summary>
    public static async Task<IPage> NewSignedInPageAsync(IBrowser browser, Uri consoleUrl, ConsoleAccount account, string? startAt = null)
    {
        var page = await browser.NewPageAsync();
        // CI runs every test assembly at once on two cores; a page that answers in milliseconds alone can take many seconds there.
        page.SetDefaultTimeout(60_000);
        page.SetDefaultNavigationTimeout(60_000);
        await SignInAsync(page, consoleUrl, account.Username, account.Password, startAt);
        return page;
    }

    /// <summary>Debian's Chromium (Playwright's own browser downloads are not possible here).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>The console's settings in tests: served over plain HTTP on loopback, so its cookies cannot be HTTPS-only.</summary>
    public static Dictionary<string, string?> ConsoleSettings(Uri intake, Uri? rostering = null, Uri? cardLookup = null) => new()
    {
        ["Services:CrisisIntake"] = intake.ToString(),
        ["Services:Rostering"] = (rostering ?? new Uri("http://127.0.0.1:9")).ToString(),
        ["Services:CardLookup"] = (cardLookup ?? new Uri("http://127.0.0.1:9")).ToString(),
        ["Console:SignIn:SecureCookies"] = "false",
        // Every test's browser signs in from 127.0.0.1: one test's wrong passwords must not slow the others' sign-ins.
        ["Console:SignIn:AddressFreeFailures"] = "1000",
        ["Console:PlanLinks:CoordinatorPhone"] = "0808 157 0000",
    };
}
