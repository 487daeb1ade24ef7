using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Testing;
using Cers.Dispatch.Rostering;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using OpenTelemetry.Trace;

namespace Cers.Dispatch.IntegrationTests.FirstSlice;

/// <summary>Crisis intake and rostering, each in its own schema, talking over the real RabbitMQ.</summary>
public sealed class FirstSliceFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public FakeTwilio Twilio { get; } = new();

    public async Task InitializeAsync()
    {
        await Twilio.StartAsync();
        Rostering = new ServiceHost<RosteringApi>(
            $"t_{runId}_rostering",
            $"t{runId}",
            services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)),
            new Dictionary<string, string?>
            {
                [Telemetry.RecordTracesKey] = "true",

                // Rostering pages people (the safeguarding lead among them) through Twilio, played here by FakeTwilio.
                ["Twilio:ApiBaseUrl"] = Twilio.BaseUrl.ToString(),
                ["Twilio:AccountSid"] = "ACtest00000000000000000000000000",
                ["Twilio:AuthToken"] = IntakeSettings.TwilioAuthToken,
                ["Twilio:FromNumber"] = "+443069990247",
                ["Twilio:PublicBaseUrl"] = IntakeSettings.PublicBaseUrl,
            });
        Intake = new ServiceHost<CrisisIntakeApi>(
            $"t_{runId}_intake",
            $"t{runId}",
            services =>
            {
                services.AddSingleton<IClock>(Clock);
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            },
            new Dictionary<string, string?>(IntakeSettings.Without(cardLookup: null, twilioApi: Twilio.BaseUrl)) { [Telemetry.RecordTracesKey] = "true" });

        // Creating the clients starts both hosts: schemas are created, the bus connects, the daemon starts.
        _ = Rostering.CreateClient();
        _ = Intake.CreateClient();
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 9, 30, 15).PlusTicks(1_234_567));

    public SpanCollection Spans { get; } = new();

    public ServiceHost<CrisisIntakeApi> Intake { get; private set; } = null!;

    public ServiceHost<RosteringApi> Rostering { get; private set; } = null!;

    public IDocumentStore RosteringStore => Rostering.Services.GetRequiredService<IDocumentStore>();

    public IDocumentStore IntakeStore => Intake.Services.GetRequiredService<IDocumentStore>();

    public async Task DisposeAsync()
    {
        await Intake.DisposeAsync();
        await Rostering.DisposeAsync();
        await Twilio.DisposeAsync();
        await Schemas.DropAsync(Intake.Schema, Rostering.Schema);
    }
}

[CollectionDefinition(Name)]
public sealed class FirstSliceCollection : ICollectionFixture<FirstSliceFixture>
{
    public const string Name = "first slice";
}
