using System.Diagnostics;
using JasperFx;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Weasel.Core;

namespace Cers.Dispatch.ServiceDefaults;

public static class MartenSetup
{
    public const string TraceParentHeader = "traceparent";

    /// <summary>
    /// Marten for one service: its own schema (documents and events), NodaTime JSON, event headers for trace
    /// context, and the handled-message table consumers use to be idempotent.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddCersMarten(
        this IHostApplicationBuilder builder, string defaultSchema, Action<StoreOptions> configure)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured (env ConnectionStrings__Marten).");
        var schema = builder.Configuration["Marten:Schema"] ?? defaultSchema;

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [Health.ReadyTag]);

        return builder.Services.AddMarten(_ =>
            {
                var options = new StoreOptions { DatabaseSchemaName = schema };
                options.Events.DatabaseSchemaName = schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => NodaTimeJson.Configure(json));
                options.Events.MetadataConfig.HeadersEnabled = true;
                // Several services share one database; each daemon needs its own advisory lock id.
                options.Projections.DaemonLockId = StableLockId(schema);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.Schema.For<HandledMessage>().Identity(m => m.Id);
                configure(options);
                return options;
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>Stores the current trace context with the events of this session, so the relay to the bus continues the trace.</summary>
    public static IDocumentSession CarryTraceContext(this IDocumentSession session)
    {
        if (Activity.Current is { } activity)
        {
            session.SetHeader(TraceParentHeader, activity.Id!);
        }

        return session;
    }

    private static int StableLockId(string schema)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in schema)
            {
                hash = (hash * 31) + c;
            }

            return 10_000 + (Math.Abs(hash) % 1_000_000);
        }
    }
}

public static class ContractPublishing
{
    /// <summary>
    /// Relays the service's mapped events to the bus through <see cref="ContractPublisher"/>, run by the async daemon.
    /// Solo, not HotCold: leader election takes a DistributedLock advisory lock on the data source, which the official
    /// DistributedLock.Postgres 1.3.1 behind our shim refuses (docs/adr/0001-distributedlock-shim.md).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddContractPublisher(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten
            .AddSubscriptionWithServices<ContractPublisher>(ServiceLifetime.Singleton, o =>
            {
                o.Options.BatchSize = 500;
            })
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.Solo);
}
