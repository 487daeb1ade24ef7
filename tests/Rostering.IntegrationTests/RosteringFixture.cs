using System.Collections.Concurrent;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Rostering against the real PostgreSQL and RabbitMQ, in its own schema, with Twilio played by <see cref="FakeTwilio"/>.</summary>
public sealed class RosteringFixture : IAsyncLifetime
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "rostering-test-token-0123456789ab";
    public const string PublicBaseUrl = "https://cers.example.org";
    public const string OurNumber = "+443300000247";
    public const string ConsoleUrl = "https://console.cers.example.org";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private string? databaseConnectionString;
    private string? virtualHost;

    /// <summary>
    /// A rostering of its own that reaches PostgreSQL through <paramref name="gate"/>, for a test that cuts it; on a
    /// virtual host of its own too, so the activations other fixtures publish do not reach its workers.
    /// </summary>
    public static RosteringFixture Through(DatabaseGate gate) => new()
    {
        databaseConnectionString = gate.ConnectionString,
        virtualHost = $"cers-gate-{Guid.NewGuid().ToString("N")[..8]}",
    };

    /// <summary>
    /// Runs <paramref name="test"/> on a rostering whose activations and workers no other test sees: on a virtual host of its
    /// own (its schema is always its own), for a test in which any free worker anywhere may be offered anything waiting.
    /// </summary>
    /// <param name="withSecondProvider">Vonage (a fake) beside Twilio.</param>
    /// <param name="twoInstances">A second rostering (<see cref="SecondRostering"/>) on the same schema and queues, as two
    /// instances behind a load balancer are: each message is taken by one of them.</param>
    /// <param name="twilioDeadline">How long a request to Twilio is given (ten seconds unless said).</param>
    public static async Task OnItsOwnAsync(
        Func<RosteringFixture, Task> test, bool withSecondProvider = false, bool twoInstances = false, TimeSpan? twilioDeadline = null)
    {
        var fixture = OfItsOwn(withSecondProvider, twoInstances);
        fixture.twilioDeadline = twilioDeadline;
        await fixture.InitializeAsync();
        try
        {
            await test(fixture);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>
    /// A rostering no other test sees, not yet started: for a test class whose tests each move the clock, which fires every
    /// dispatch timer due (offer deadlines, handovers) in the rostering, its own and any other test's.
    /// </summary>
    public static RosteringFixture OfItsOwn(bool withSecondProvider = false, bool twoInstances = false) => new()
    {
        virtualHost = $"cers-own-{Guid.NewGuid().ToString("N")[..8]}",
        Vonage = withSecondProvider ? new FakeVonage() : null,
        twoInstances = twoInstances,
    };

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 9, 30));

    public RosteringFixture() => Twilio = new FakeTwilio(Clock);

    /// <summary>Twilio, dating what it takes by <see cref="Clock"/>.</summary>
    public FakeTwilio Twilio { get; }

    /// <summary>The second provider, for a rostering that has one (<see cref="OnItsOwnAsync"/>).</summary>
    public FakeVonage? Vonage { get; private init; }

    /// <summary>Card lookup's door-details call, played by the test.</summary>
    public DoorDetailsStub CardLookup { get; } = new();

    public ServiceHost<RosteringApi> Rostering { get; private set; } = null!;

    /// <summary>The second instance, for a fixture made with two (<see cref="OnItsOwnAsync"/>).</summary>
    public ServiceHost<RosteringApi>? SecondRostering { get; private set; }

    private bool twoInstances;
    private TimeSpan? twilioDeadline;

    public IDocumentStore Store => Rostering.Services.GetRequiredService<IDocumentStore>();

    public IBus Bus => Rostering.Services.GetRequiredService<IBus>();

    /// <summary>
    /// Every message the host published (contract messages relayed from its store included), and each message its news
    /// told, since some are told only there.
    /// </summary>
    public ConcurrentQueue<object> Published { get; } = new();

    public async Task InitializeAsync()
    {
        if (virtualHost is not null)
        {
            await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", virtualHost);
        }

        await Twilio.StartAsync();
        await CardLookup.StartAsync();
        if (Vonage is not null)
        {
            await Vonage.StartAsync();
        }

        Rostering = NewInstance(0);
        await Rostering.ReadyAsync();
        if (twoInstances)
        {
            SecondRostering = NewInstance(1);
            await SecondRostering.ReadyAsync();
        }
    }

    /// <summary>How many messages each instance consumed (the first, then the second).</summary>
    public int[] ConsumedByInstance { get; } = new int[2];

    private ServiceHost<RosteringApi> NewInstance(int instance) =>
        new(
            $"t_{runId}_rostering",
            $"r{runId}",
            services =>
            {
                services.AddSingleton<IClock>(Clock);

                // Connected as the bus is built: what the host publishes as it starts (the daily check's timer) is seen too.
                services.AddPublishObserver(_ => new PublishRecorder(Published));
                services.AddConsumeObserver(_ => new ConsumeCounter(ConsumedByInstance, instance));
            },
            new Dictionary<string, string?>(Vonage?.Settings(PublicBaseUrl, OurNumber) ?? [])
            {
                ["Twilio:AccountSid"] = AccountSid,
                ["Twilio:AuthToken"] = AuthToken,
                ["Twilio:ApiBaseUrl"] = Twilio.BaseUrl.ToString(),
                ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
                ["Twilio:FromNumber"] = OurNumber,
                ["Twilio:RequestTimeoutSeconds"] = (twilioDeadline ?? TimeSpan.FromSeconds(10)).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Offers:DeadlineMinutes"] = "10",
                ["Offers:MaxAttemptsBeforeEscalation"] = "3",
                ["Services:CardLookup"] = CardLookup.BaseUrl.ToString(),
                ["Rostering:PlanLinkBaseUrl"] = ConsoleUrl,
                // The console, on loopback, passes on the worker's phone address (deploy/run.sh does the same).
                ["Network:TrustedProxies:0"] = "127.0.0.1",
                ["ConnectionStrings:Marten"] = databaseConnectionString ?? LocalInfrastructure.MartenConnectionString,
                ["RabbitMq:VirtualHost"] = virtualHost ?? LocalInfrastructure.RabbitMqVirtualHost,
                ["DurableWork:PollMilliseconds"] = "200",
            });

    public async Task DisposeAsync()
    {
        if (SecondRostering is not null)
        {
            await SecondRostering.DisposeAsync();
        }

        await Rostering.DisposeAsync();
        await Twilio.DisposeAsync();
        await CardLookup.DisposeAsync();
        if (Vonage is not null)
        {
            await Vonage.DisposeAsync();
        }

        await Schemas.DropAsync(Rostering.Schema);
        if (virtualHost is not null)
        {
            await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", virtualHost);
        }
    }

    private sealed class ConsumeCounter(int[] counts, int instance) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            Interlocked.Increment(ref counts[instance]);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    /// <summary>A message told both on its own and in the news (an arrival) is recorded once: both carry its id.</summary>
    private sealed class PublishRecorder(ConcurrentQueue<object> published) : IPublishObserver
    {
        private readonly ConcurrentDictionary<Guid, bool> told = new();

        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            Record(context.MessageId, context.Message);
            if (context.Message is Contracts.News<Contracts.Rostering.IRosteringNews> news)
            {
                foreach (var item in news.Items)
                {
                    Record(item.MessageId, item.Message);
                }
            }

            return Task.CompletedTask;
        }

        private void Record(Guid? messageId, object message)
        {
            if (messageId is not { } id || told.TryAdd(id, true))
            {
                published.Enqueue(message);
            }
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RosteringCollection : ICollectionFixture<RosteringFixture>
{
    public const string Name = "rostering";
}
