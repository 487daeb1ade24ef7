using System.Security.Cryptography;
using Cers.Dispatch.CardLookup;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Rostering and the real card lookup on a RabbitMQ virtual host of their own, card lookup served over loopback HTTP:
/// card lookup hears rostering's OfferAccepted and WorkerLeft, and rostering asks it for door details as the worker.
/// </summary>
public sealed class WithCardLookupFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 9, 30));

    public WithCardLookupFixture() => Twilio = new FakeTwilio(Clock);

    /// <summary>Twilio, dating what it takes by <see cref="Clock"/>.</summary>
    public FakeTwilio Twilio { get; }

    public ServiceHost<CardLookupApi> CardLookup { get; private set; } = null!;

    public ServiceHost<RosteringApi> Rostering { get; private set; } = null!;

    public IDocumentStore Store => Rostering.Services.GetRequiredService<IDocumentStore>();

    public IBus Bus => Rostering.Services.GetRequiredService<IBus>();

    public string VirtualHost => $"cers-rostering-cards-{runId}";

    public async Task InitializeAsync()
    {
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", VirtualHost);
        await Twilio.StartAsync();
        void UseClock(IServiceCollection services) => services.AddSingleton<IClock>(Clock);
        CardLookup = new ServiceHost<CardLookupApi>($"t_{runId}_rc_cards", $"rc{runId}", UseClock, new Dictionary<string, string?>
        {
            ["RabbitMq:VirtualHost"] = VirtualHost,
            ["Privacy:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var cardLookupUrl = CardLookup.ServeOverHttp();
        Rostering = new ServiceHost<RosteringApi>($"t_{runId}_rc_rostering", $"rc{runId}", UseClock, new Dictionary<string, string?>
        {
            ["RabbitMq:VirtualHost"] = VirtualHost,
            ["Twilio:AccountSid"] = RosteringFixture.AccountSid,
            ["Twilio:AuthToken"] = RosteringFixture.AuthToken,
            ["Twilio:ApiBaseUrl"] = Twilio.BaseUrl.ToString(),
            ["Twilio:PublicBaseUrl"] = RosteringFixture.PublicBaseUrl,
            ["Twilio:FromNumber"] = RosteringFixture.OurNumber,
            ["Services:CardLookup"] = cardLookupUrl.ToString(),
            ["Rostering:PlanLinkBaseUrl"] = RosteringFixture.ConsoleUrl,
        });
        _ = Rostering.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await Rostering.DisposeAsync();
        await CardLookup.DisposeAsync();
        await Twilio.DisposeAsync();
        await Schemas.DropAsync(Rostering.Schema, CardLookup.Schema);
        await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", VirtualHost);
    }
}

[CollectionDefinition(Name)]
public sealed class WithCardLookupCollection : ICollectionFixture<WithCardLookupFixture>
{
    public const string Name = "rostering with card lookup";
}
