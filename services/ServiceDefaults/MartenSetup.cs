using System.Diagnostics;
using JasperFx;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        builder.Services.AddSingleton(_ => BuildDataSource(connectionString));
        builder.Services.AddSingleton<PostgresHealthCheck>();
        builder.Services.AddSingleton<PostgresReachedOnce>();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresReachedOnce>("postgres-reached", tags: [Health.ReadyTag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [Health.StoreTag]);

        builder.Services.TryAddSingleton<DurableWork.WorkSignal>();
        builder.Services.TryAddSingleton<DurableWork.WorkQueue>();
        builder.Services.TryAddSingleton<AggregatesKeptForWriting>();
        return builder.Services.AddMarten(services =>
            {
                var options = new StoreOptions { DatabaseSchemaName = schema };
                options.Events.DatabaseSchemaName = schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => NodaTimeJson.Configure(json));
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.Schema.For<HandledMessage>().Identity(m => m.Id);
                options.Storage.ExtendedSchemaObjects.Add(DurableWork.WorkTable.Define(schema));
                options.Events.MapEventType<Outgoing.MessagingProviderFailing>("messaging_provider_failing");
                options.Events.MapEventType<Outgoing.MessagingProviderRecovered>("messaging_provider_recovered");
                options.Listeners.Add(new DurableWork.WakeRunnersOnCommit(() => services.GetRequiredService<DurableWork.WorkQueue>()));
                options.Listeners.Add(new DurableWork.StoreLateOutcomesWithCommits(
                    () => services.GetService<DurableWork.LateOutcomes>(), () => services.GetRequiredService<DurableWork.WorkQueue>()));
                options.Listeners.Add(new KeepCommittedAggregates(services.GetRequiredService<AggregatesKeptForWriting>(), () => services.GetRequiredService<DurableWork.WorkQueue>()));
                if (services.GetService<Privacy.PersonalDataVault>() is { } vault)
                {
                    options.Listeners.Add(new Privacy.KeepStoredKeys(vault, () => services.GetRequiredService<DurableWork.WorkQueue>()));
                }

                options.Logger(new MartenFailureLog(services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<IDocumentStore>>()));
                configure(options);
                var map = services.GetService<Relay.IContractMap>();
                var relayed = map?.RelayedEventTypes ?? [];
                options.Storage.Add(new Relay.RelayQueue(
                    schema,
                    [.. relayed.Select(type => ((Marten.Events.EventGraph)options.Events).EventMappingFor(type).EventTypeName)],
                    map?.TellsNews == true,
                    options.Advanced.Migrator));
                return options;
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>
    /// Every consumed message and webhook is a handful of short statements on a pooled connection, so PostgreSQL's cost
    /// per statement is most of its work. Statements used again and again are prepared once per connection, and a
    /// connection going back to the pool is not reset: the reset was seven statements each time, more than the work
    /// itself. Nothing here leaves state on a connection (the relay's leader lock is released by hand). A service's pool
    /// holds dozens of connections, each seeing a given statement only now and then: prepared on its fifth run on a
    /// connection (Npgsql's default), a third of the statements rostering sent were planned afresh, a quarter of its
    /// PostgreSQL time. So a statement is prepared on its second run.
    /// </summary>
    public static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        var settings = dataSource.ConnectionStringBuilder;
        settings.NoResetOnClose = true;
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 100;
            settings.AutoPrepareMinUsages = 2;
        }

        return dataSource.Build();
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
}

public static class ContractPublishing
{
    /// <summary>
    /// Relays the service's mapped events to the bus: <see cref="Relay.RelayQueue"/> holds what is waiting,
    /// <see cref="Relay.LeaderElectedRelay"/> takes it in one instance at a time and <see cref="Relay.ContractPublisher"/>
    /// publishes it.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddContractPublisher(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        marten.Services.AddSingleton<Relay.ContractPublisher>();
        marten.Services.TryAddSingleton<Relay.IRelayGate, Relay.OpenRelayGate>();
        marten.Services.AddHostedService<Relay.LeaderElectedRelay>();
        return marten;
    }
}
