using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.Testing;

/// <summary>
/// One service hosted in the test process against the real PostgreSQL and RabbitMQ, in a schema and with queue names
/// of its own so fixtures never see each other's data.
/// </summary>
public sealed class ServiceHost<TEntryPoint>(string schema, string endpointPrefix, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    public string Schema { get; } = schema;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Marten", LocalInfrastructure.MartenConnectionString);
        builder.UseSetting("Marten:Schema", Schema);
        builder.UseSetting("RabbitMq:Host", "127.0.0.1");
        builder.UseSetting("RabbitMq:Port", LocalInfrastructure.RabbitMqPort);
        builder.UseSetting("RabbitMq:VirtualHost", LocalInfrastructure.RabbitMqVirtualHost);
        builder.UseSetting("RabbitMq:EndpointPrefix", endpointPrefix);
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
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
