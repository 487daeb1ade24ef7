using Cers.Dispatch.Console;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd;

/// <summary>
/// Every service (as <see cref="WholeSystemFixture"/>) with the console in front of them, over real HTTP, and Chromium
/// for the people using it. The console hears the same RabbitMQ virtual host and keeps the same FakeClock.
/// Accounts: <see cref="ConsoleSignIn.Coordinator"/>, <see cref="ConsoleSignIn.Supervisor"/>, <see cref="ConsoleSignIn.Administrator"/>.
/// </summary>
public sealed class ConsoleSystemFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private IPlaywright? playwright;

    public WholeSystemFixture Whole { get; init; } = new();

    public ServiceHost<ConsoleApp> Console { get; private set; } = null!;

    public Uri ConsoleUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Whole.InitializeAsync();
        var settings = ConsoleSignIn.ConsoleSettings(Whole.IntakeUrl, Whole.RosteringUrl, Whole.CardLookupUrl);
        settings["RabbitMq:VirtualHost"] = Whole.VirtualHost;
        Console = new ServiceHost<ConsoleApp>($"t_{runId}_c_console", $"c{runId}", services => services.AddSingleton<NodaTime.IClock>(Whole.Clock), settings);
        ConsoleUrl = Console.ServeOverHttp();
        await ConsoleSignIn.CreateAccountsAsync(Console.Services, ConsoleSignIn.Coordinator, ConsoleSignIn.Supervisor, ConsoleSignIn.Administrator);
        playwright = await Playwright.CreateAsync();
        Browser = await ConsoleSignIn.LaunchChromiumAsync(playwright);
    }

    public Task<IPage> SignedInAsync(ConsoleAccount account) => ConsoleSignIn.NewSignedInPageAsync(Browser, ConsoleUrl, account);

    /// <summary>Signed in on the way to <paramref name="path"/>, as after following a link to it while signed out.</summary>
    public Task<IPage> SignedInAtAsync(ConsoleAccount account, string path) => ConsoleSignIn.NewSignedInPageAsync(Browser, ConsoleUrl, account, path);

    public string Url(string path) => new Uri(ConsoleUrl, path).ToString();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await Console.DisposeAsync();
        await Schemas.DropAsync(Console.Schema);
        await Whole.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleSystemCollection : ICollectionFixture<ConsoleSystemFixture>
{
    public const string Name = "console-system";
}
