using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cers.Dispatch.Testing;

/// <summary>
/// One service hosted in the test process against the real PostgreSQL and RabbitMQ, in a schema and with queue names
/// of its own so fixtures never see each other's data.
/// </summary>
public sealed class ServiceHost<TEntryPoint>(
    string schema,
    string endpointPrefix,
    Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    string environment = "Testing")
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    public string Schema { get; } = schema;

    /// <summary>
    /// Serves the service on a real loopback port (Kestrel), for other services to call over HTTP; returns its base URL.
    /// A <paramref name="port"/> chosen beforehand (<see cref="LoopbackPorts.Free"/>) lets its settings name its own address.
    /// </summary>
    public Uri ServeOverHttp(int? port = null)
    {
        // Port 0 lets Kestrel take a free port as it binds: a port probed free beforehand can be taken in between.
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port ?? 0));
        StartServer();
        var bound = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(bound);
    }

    /// <summary>
    /// Waits until the service says it is ready: PostgreSQL reached and every bus endpoint started. A message published
    /// before its queue is bound on a virtual host of its own would go nowhere.
    /// </summary>
    public async Task ReadyAsync()
    {
        using var client = CreateAnonymousClient();
        await Eventually.GetAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode ? "ready" : null, what: $"{Schema} ready");
    }

    /// <summary>A client holding a token for exactly these roles, for "the wrong role gets 403" tests.</summary>
    public HttpClient CreateClientAs(params string[] roles) => CreateClientWith(TestAccess.Token(roles));

    /// <summary>A client acting as a partner agency (the role its API key gives it), reporting under that name.</summary>
    public HttpClient CreateClientAsAgency(string agency) =>
        CreateClientWith(TestAccess.TokenFor(agency, [Cers.Dispatch.ServiceDefaults.Access.CersRoles.PartnerAgency]));

    private HttpClient CreateClientWith(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>
    /// Stops the service, giving up after a minute: after RabbitMQ was restarted under it, MassTransit's receive endpoint
    /// can wait forever on a channel that will never answer a topology declaration (MassTransit issue 5942), and a test
    /// run must not hang on a host it has finished with.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        var stopping = base.DisposeAsync().AsTask();
        if (await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromMinutes(1))) != stopping)
        {
            await Console.Error.WriteLineAsync($"{Schema}: the service did not stop within a minute; left behind");
        }
    }

    /// <summary>Clients act with every staff role unless a test asks otherwise: most tests are about behaviour, not access.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAccess.Token(TestAccess.AllStaffRoles));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Marten", LocalInfrastructure.MartenConnectionString);
        builder.UseSetting("Marten:Schema", Schema);
        builder.UseSetting("RabbitMq:Host", "127.0.0.1");
        builder.UseSetting("RabbitMq:Port", LocalInfrastructure.RabbitMqPort);
        builder.UseSetting("RabbitMq:VirtualHost", settings?.GetValueOrDefault("RabbitMq:VirtualHost") ?? LocalInfrastructure.RabbitMqVirtualHost);
        builder.UseSetting("RabbitMq:EndpointPrefix", endpointPrefix);
        builder.UseSetting("Access:SigningKey", TestAccess.SigningKey);
        builder.ConfigureLogging(logging => logging.AddProvider(new TestLogFile(Schema)));
        builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ConnectionAddress>());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}

public static class LoopbackPorts
{
    /// <summary>A loopback port nobody listens on now.</summary>
    public static int Free()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}

public static class Schemas
{
    /// <summary>
    /// Drops the schemas a fixture created, so test runs leave the local database as they found it. A drop can deadlock
    /// with a backend of a service process that is still going away (PostgreSQL aborts one of the two); it is tried again.
    /// </summary>
    public static async Task DropAsync(params string[] schemas)
    {
        await using var connection = new Npgsql.NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        foreach (var schema in schemas)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 5)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                }
            }
        }
    }
}
