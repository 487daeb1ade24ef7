using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.Testing;

/// <summary>
/// One service hosted in the test process against the real PostgreSQL and RabbitMQ, in a schema and with queue names
/// of its own so fixtures never see each other's data.
/// </summary>
public sealed class ServiceHost<TEntryPoint>(
    string schema,
    string endpointPrefix,
    Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    public string Schema { get; } = schema;

    /// <summary>
    /// Serves the service on a real loopback port (Kestrel), for other services to call over HTTP; returns its base URL.
    /// </summary>
    public Uri ServeOverHttp()
    {
        var port = FreeTcpPort();
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        return new Uri($"http://127.0.0.1:{port}");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Marten", LocalInfrastructure.MartenConnectionString);
        builder.UseSetting("Marten:Schema", Schema);
        builder.UseSetting("RabbitMq:Host", "127.0.0.1");
        builder.UseSetting("RabbitMq:Port", LocalInfrastructure.RabbitMqPort);
        builder.UseSetting("RabbitMq:VirtualHost", settings?.GetValueOrDefault("RabbitMq:VirtualHost") ?? LocalInfrastructure.RabbitMqVirtualHost);
        builder.UseSetting("RabbitMq:EndpointPrefix", endpointPrefix);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    private static int FreeTcpPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}

public static class Schemas
{
    /// <summary>Drops the schemas a fixture created, so test runs leave the local database as they found it.</summary>
    public static async Task DropAsync(params string[] schemas)
    {
        await using var connection = new Npgsql.NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        foreach (var schema in schemas)
        {
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
