using Cers.Dispatch.CardLookup;
using Cers.Dispatch.Console;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Escalation;
using Cers.Dispatch.Rostering;
using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.HostileInput;

/// <summary>One host of the system under attack: its name, schema, public address and the endpoints it maps.</summary>
public sealed record Target(string Service, string Schema, Uri Url, IReadOnlyList<PublicEndpoint> Endpoints);

/// <summary>
/// Every service and the console, each in a schema of its own, served over real HTTP (Kestrel, so request size limits
/// are the production ones) on the real PostgreSQL and RabbitMQ, with Twilio's REST API played by a loopback stand-in.
/// </summary>
public sealed class HostileSystem : IAsyncLifetime
{
    public const string AccountSid = "ACtest00000000000000000000000000";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> hosts = [];

    public FakeTwilio Twilio { get; } = new();

    public List<Target> Targets { get; } = [];

    private string VirtualHost => $"cers-hostile-{runId}";

    public async Task InitializeAsync()
    {
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", VirtualHost);
        await Twilio.StartAsync();
        var prefix = $"h{runId}";
        var bus = new Dictionary<string, string?> { ["RabbitMq:VirtualHost"] = VirtualHost };
        var twilio = new Dictionary<string, string?>(bus)
        {
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = IntakeSettings.TwilioAuthToken,
            ["Twilio:ApiBaseUrl"] = Twilio.BaseUrl.ToString(),
            ["Twilio:PublicBaseUrl"] = IntakeSettings.PublicBaseUrl,
            ["Twilio:FromNumber"] = "+443069990247",
        };

        var cardLookup = Serve(new ServiceHost<CardLookupApi>($"t_{runId}_h_cards", prefix, settings: bus, environment: AsTheDemoRuns), "card lookup");
        var rostering = Serve(new ServiceHost<RosteringApi>($"t_{runId}_h_rostering", prefix, settings: twilio, environment: AsTheDemoRuns), "rostering");
        Serve(new ServiceHost<EscalationApi>($"t_{runId}_h_escalation", prefix, settings: bus, environment: AsTheDemoRuns), "escalation");
        var intakeSettings = IntakeSettings.Without(cardLookup, rostering, Twilio.BaseUrl);
        intakeSettings["RabbitMq:VirtualHost"] = VirtualHost;
        var intake = Serve(new ServiceHost<CrisisIntakeApi>($"t_{runId}_h_intake", prefix, settings: intakeSettings, environment: AsTheDemoRuns), "crisis intake");
        Serve(new ServiceHost<ConsoleApp>($"t_{runId}_h_console", prefix, settings: new Dictionary<string, string?>(bus)
        {
            ["Services:CrisisIntake"] = intake.ToString(),
            ["Services:Rostering"] = rostering.ToString(),
            ["Services:CardLookup"] = cardLookup.ToString(),
            ["Console:SignIn:SecureCookies"] = "false",
            ["Console:PlanLinks:CoordinatorPhone"] = "0808 157 0000",
        }, environment: AsTheDemoRuns), "console");
    }

    /// <summary>The environment deploy/run.sh runs the services in: hostile input must be answered as well there.</summary>
    private const string AsTheDemoRuns = "Development";

    /// <summary>
    /// Waits until each service's relay has forgotten what it published as it started: a relay forgets a published page
    /// with its next read, up to two seconds later (and events told in news once their news went, at the next turn of a
    /// second), which would otherwise show as a change between two counts.
    /// </summary>
    public async Task RelaysSettledAsync()
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        var queues = new List<string>();
        await using (var find = new NpgsqlCommand("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = ANY($1) AND tablename = ANY($2)", connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = Targets.Select(t => t.Schema).ToArray() });
            find.Parameters.Add(new NpgsqlParameter { Value = new[] { ServiceDefaults.Relay.RelayQueue.TableName, ServiceDefaults.Relay.RelayQueue.NewsTableName } });
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                queues.Add($"(SELECT count(*) FROM {reader.GetString(0)})");
            }
        }

        await using var count = new NpgsqlCommand($"SELECT {string.Join(" + ", queues)}", connection);
        await Eventually.GetAsync(
            async () => (long)(await count.ExecuteScalarAsync())! == 0 ? "settled" : null,
            what: "the relays to forget what they published as they started");
    }

    /// <summary>How many rows every table of every schema holds: what "nothing is stored" is checked against.</summary>
    public async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var counts = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = ANY(@schemas)", connection))
        {
            list.Parameters.AddWithValue("schemas", Targets.Select(t => t.Schema).ToArray());
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.DisposeAsync();
        }

        await Twilio.DisposeAsync();
        await Schemas.DropAsync(Targets.Select(t => t.Schema).ToArray());
        await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", VirtualHost);
    }

    private Uri Serve<T>(ServiceHost<T> host, string name)
        where T : class
    {
        hosts.Add(host);
        var url = host.ServeOverHttp();
        Targets.Add(new Target(name, host.Schema, url, PublicEndpoint.Of(host.Services)));
        return url;
    }
}

[CollectionDefinition(Name)]
public sealed class HostileSystemCollection : ICollectionFixture<HostileSystem>
{
    public const string Name = "hostile system";
}
