using System.Net.Http.Json;
using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>
/// The console and crisis intake over real HTTP, the real PostgreSQL and a RabbitMQ virtual host of their own (so no
/// other test's services hear the messages these tests publish), with accounts for a supervisor, a coordinator and an
/// administrator.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 14, 0));

    public ServiceHost<CrisisIntakeApi> Intake { get; private set; } = null!;

    public ServiceHost<ConsoleApp> Console { get; private set; } = null!;

    /// <summary>A second console on the same store and queues, as a second pod behind the load balancer would be.</summary>
    public Func<ServiceHost<ConsoleApp>> AnotherConsoleInstance { get; private set; } = null!;

    /// <summary>The console's bus: what it publishes crosses RabbitMQ to the console's own queues, as another service's would.</summary>
    public IBus Bus => Console.Services.GetRequiredService<IBus>();

    private string VirtualHost => $"cers-console-{runId}";

    public async Task InitializeAsync()
    {
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", VirtualHost);
        void Setup(IServiceCollection services)
        {
            services.AddSingleton<IClock>(Clock);
            services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        }

        var intakeSettings = IntakeSettings.Without(cardLookup: null);
        intakeSettings["RabbitMq:VirtualHost"] = VirtualHost;
        Intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_c_intake", $"c{runId}", Setup, intakeSettings);
        var intakeUrl = Intake.ServeOverHttp();
        AnotherConsoleInstance = () => new ServiceHost<ConsoleApp>($"t_{runId}_c_console", $"c{runId}", Setup, new Dictionary<string, string?>
        {
            ["RabbitMq:VirtualHost"] = VirtualHost,
            ["Services:CrisisIntake"] = intakeUrl.ToString(),
            ["Services:Rostering"] = "http://127.0.0.1:9",
            ["Services:CardLookup"] = "http://127.0.0.1:9",
            ["Console:SignIn:SecureCookies"] = "false",
        });
        Console = AnotherConsoleInstance();
        _ = Console.CreateClient();

        var users = Console.Services.GetRequiredService<ConsoleUsers>();
        await users.CreateAsync("sam.supervisor", "Sam Okafor", Password, [CersRoles.Supervisor], CancellationToken.None);
        await users.CreateAsync("cara.coordinator", "Cara Ahmed", Password, [CersRoles.Coordinator], CancellationToken.None);
        await users.CreateAsync("ada.admin", "Ada Lin", Password, [CersRoles.Administrator], CancellationToken.None);
    }

    /// <summary>
    /// An activation a paramedic reported through the partner API; card lookup is not running here, so the carer is not
    /// identified.
    /// </summary>
    public async Task<Guid> ReportedByParamedicAsync()
    {
        using var opened = await Intake.CreateClientAsAgency("East of England Ambulance").PostAsJsonAsync("/activations", new
        {
            carer = new { surname = "Hale", dateOfBirth = "1958-04-09", postcode = "CB1 2AD" },
            reportedBy = new { agency = "East of England Ambulance", name = "Paramedic J. Dunn", callBackNumber = "+447700900321" },
            reason = "AdmittedToHospital",
            carerLocation = "Addenbrooke's",
            urgentNotes = "Husband has dementia and is alone",
        });
        opened.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        return (await opened.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("activationId").GetGuid();
    }

    public Task<HttpClient> SupervisorAsync() => ConsoleSession.SignInAsync(Console, "sam.supervisor", Password);

    public Task<HttpClient> CoordinatorAsync() => ConsoleSession.SignInAsync(Console, "cara.coordinator", Password);

    public Task<HttpClient> AdministratorAsync() => ConsoleSession.SignInAsync(Console, "ada.admin", Password);

    public async Task DisposeAsync()
    {
        await Console.DisposeAsync();
        await Intake.DisposeAsync();
        await Schemas.DropAsync(Console.Schema, Intake.Schema);
        await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", VirtualHost);
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
