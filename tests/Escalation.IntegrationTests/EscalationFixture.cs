using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>The escalation service on the real PostgreSQL and RabbitMQ, in a schema of its own, on a clock the tests move.</summary>
public sealed class EscalationFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public EscalationFixture()
    {
        Schema = $"t_{runId}_escalation";
        Prefix = $"t{runId}";
        Host = NewHost();
    }

    public string Schema { get; }

    public string Prefix { get; }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 3, 11, 9, 0));

    public ServiceHost<EscalationApi> Host { get; }

    public BusProbe Probe { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public IBus Bus => Host.Services.GetRequiredService<IBus>();

    private ServiceHost<EscalationApi> NewHost() =>
        new(Schema, Prefix, services => services.AddSingleton<IClock>(Clock));

    public async Task InitializeAsync()
    {
        _ = Host.CreateClient();
        Probe = await BusProbe.ConnectAsync(Bus, from: Bus);
    }

    public async Task DisposeAsync()
    {
        await Probe.DisposeAsync();
        await Host.DisposeAsync();
        await Schemas.DropAsync(Schema);
    }

    public Task<long> FiredEventsAsync(Guid timerId, string? schema = null) => FiredEventsAsync(schema ?? Schema, timerId);

    public Task<int> PendingTimersAsync(IEnumerable<Guid> timerIds, string? schema = null) => PendingTimersAsync(schema ?? Schema, timerIds);

    public static async Task<long> FiredEventsAsync(string schema, Guid timerId)
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM {schema}.mt_events WHERE type = 'timer_fired' AND data->>'timerId' = @id", connection);
        command.Parameters.AddWithValue("id", timerId.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> PendingTimersAsync(string schema, IEnumerable<Guid> timerIds)
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM {schema}.escalation_timers WHERE id = ANY(@ids) AND fired_at IS NULL AND cancelled_at IS NULL", connection);
        command.Parameters.AddWithValue("ids", timerIds.ToArray());
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}

[CollectionDefinition(Name)]
public sealed class EscalationCollection : ICollectionFixture<EscalationFixture>
{
    public const string Name = "escalation";
}
