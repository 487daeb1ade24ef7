using System.Collections.Concurrent;
using System.Security.Cryptography;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>
/// Card lookup hosted against the real PostgreSQL (a schema of its own) and RabbitMQ (a virtual host of its own, since
/// the tests play crisis intake and rostering on it), with a listener for what it publishes.
/// </summary>
public class CardLookupFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private HostReceiveEndpointHandle? listener;

    public CardLookupFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    protected CardLookupFixture(Dictionary<string, string?> settings)
    {
        settings["RabbitMq:VirtualHost"] = VirtualHost;
        settings["Privacy:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings.TryAdd("CardLookup:Lookups:PerMinutePerSource", "100");
        Host = new ServiceHost<CardLookupApi>($"t_{runId}_cardlookup", $"t{runId}", services => services.AddSingleton<IClock>(Clock), settings);
    }

    public string VirtualHost => $"cers-cardlookup-{runId}";

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 9, 30));

    public ServiceHost<CardLookupApi> Host { get; }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Publishes as crisis intake or rostering would.</summary>
    public IBus Bus => Host.Services.GetRequiredService<IBus>();

    /// <summary>Every contract message the service published while the fixture listened.</summary>
    public ConcurrentQueue<object> Published { get; } = new();

    public HttpClient Client() => Host.CreateClient();

    public async Task InitializeAsync()
    {
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", VirtualHost);
        _ = Host.CreateClient();
        listener = Bus.ConnectReceiveEndpoint($"t{runId}-published-card-lookup", endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
            }

            endpoint.Handler<Published.CardIssued>(c => Heard(c.Message));
            endpoint.Handler<Published.CardRevoked>(c => Heard(c.Message));
            endpoint.Handler<Published.CardReplaced>(c => Heard(c.Message));
            endpoint.Handler<Published.EmergencyPlanChanged>(c => Heard(c.Message));
            endpoint.Handler<Published.EmergencyContactsConfirmed>(c => Heard(c.Message));
            endpoint.Handler<Published.PlanConsentRecorded>(c => Heard(c.Message));
            endpoint.Handler<Published.CarerErased>(c => Heard(c.Message));
            endpoint.Handler<Published.CardGuessingSuspected>(c => Heard(c.Message));
            endpoint.Handler<Escalation.StartTimer>(c => Heard(c.Message));
        });
        await listener.Ready;
    }

    public async Task DisposeAsync()
    {
        if (listener is not null)
        {
            await listener.StopAsync();
        }

        await Host.DisposeAsync();
        await Schemas.DropAsync(Host.Schema);
        await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", VirtualHost);
    }

    private Task Heard(object message)
    {
        Published.Enqueue(message);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CardLookupCollection : ICollectionFixture<CardLookupFixture>
{
    public const string Name = "card lookup";
}

/// <summary>A card lookup of its own for retention, whose tests move the clock years ahead: 30 days' retention, 10 for unmatched lookups.</summary>
public sealed class RetentionFixture() : CardLookupFixture(new Dictionary<string, string?>
{
    ["CardLookup:Retention:AfterLastActivityDays"] = "30",
    ["CardLookup:Retention:UnmatchedLookupDays"] = "10",
});

[CollectionDefinition(Name)]
public sealed class RetentionCollection : ICollectionFixture<RetentionFixture>
{
    public const string Name = "card lookup retention";
}
