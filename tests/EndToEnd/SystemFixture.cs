using Cers.Dispatch.Console;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd;

/// <summary>
/// Crisis intake and the console served over real HTTP on loopback ports, talking over the real RabbitMQ, with Debian's
/// Chromium driven by Playwright (its own browser downloads are not possible here). Rostering and card lookup are not
/// running: the console's calls to them find nobody. Accounts as in <see cref="ConsoleSignIn"/>.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private IPlaywright? playwright;

    public SystemFixture()
    {
        Intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_e2e_intake", $"e{runId}", settings: IntakeSettings.Without(cardLookup: null));
    }

    public ServiceHost<CrisisIntakeApi> Intake { get; }

    public ServiceHost<ConsoleApp> Console { get; private set; } = null!;

    public Uri IntakeUrl { get; private set; } = null!;

    public Uri ConsoleUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public TwilioCaller Twilio => new(new HttpClient { BaseAddress = IntakeUrl });

    public async Task InitializeAsync()
    {
        IntakeUrl = Intake.ServeOverHttp();
        Console = new ServiceHost<ConsoleApp>(
            $"t_{runId}_e2e_console",
            $"e{runId}",
            settings: ConsoleSignIn.ConsoleSettings(IntakeUrl));
        ConsoleUrl = Console.ServeOverHttp();
        await ConsoleSignIn.CreateAccountsAsync(Console.Services, ConsoleSignIn.Coordinator, ConsoleSignIn.Supervisor, ConsoleSignIn.Administrator);

        playwright = await Playwright.CreateAsync();
        Browser = await ConsoleSignIn.LaunchChromiumAsync(playwright);
    }

    /// <summary>A fresh browser context signed in as the account.</summary>
    public Task<IPage> SignedInAsync(ConsoleAccount account) => ConsoleSignIn.NewSignedInPageAsync(Browser, ConsoleUrl, account);

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await Console.DisposeAsync();
        await Intake.DisposeAsync();
        await Schemas.DropAsync(Intake.Schema, Console.Schema);
    }

    /// <summary>Keeps a screenshot of a main screen in docs/screenshots when CERS_UPDATE_SCREENSHOTS=1.</summary>
    public static async Task KeepScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CERS_UPDATE_SCREENSHOTS") == "1")
        {
            var folder = Path.Combine(LocalInfrastructure.RepositoryRoot, "docs", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
