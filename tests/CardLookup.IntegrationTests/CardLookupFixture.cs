using System.Collections.Concurrent;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>Card lookup hosted against the real PostgreSQL (a schema of its own) and RabbitMQ, with a listener for what it publishes.</summary>
public sealed class CardLookupFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private HostReceiveEndpointHandle? listener;

    public CardLookupFixture()
    {
        Host = new ServiceHost<CardLookupApi>($"t_{runId}_cardlookup", $"t{runId}", services => services.AddSingleton<IClock>(Clock));
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 9, 30));

    public ServiceHost<CardLookupApi> Host { get; }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Every contract message the service published while the fixture listened.</summary>
    public ConcurrentQueue<object> Published { get; } = new();

    public HttpClient Client() => Host.CreateClient();

    public async Task InitializeAsync()
    {
        _ = Host.CreateClient();
        var bus = Host.Services.GetRequiredService<IBus>();
        listener = bus.ConnectReceiveEndpoint($"t{runId}-published-card-lookup", endpoint =>
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
