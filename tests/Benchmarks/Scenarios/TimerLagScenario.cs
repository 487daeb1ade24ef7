using System.Diagnostics;
using System.Globalization;
using Cers.Dispatch.Escalation;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.Testing;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>
/// 100,000 pending timers in the escalation store fired by the real poller of an in-process escalation service on the
/// system clock: how late each fired (recorded firing time minus due time). Once as a burst (all 100,000 due within a
/// minute), once as a steady load (100,000 pending, 40 a second coming due).
/// </summary>
public sealed class TimerLagScenario : IScenario
{
    private const int Timers = 100_000;
    private const int Activations = 1_000;
    private const int SteadyDue = 1_200;
    private static readonly Duration Lead = Duration.FromSeconds(12);
    private static readonly Duration BurstSpread = Duration.FromSeconds(60);
    private static readonly Duration SteadySpread = Duration.FromSeconds(30);

    public string Name => "timer-lag";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var schema = $"bench_timers_{Guid.NewGuid():N}"[..24];
        // WebApplicationFactory finds the service's content root through a manifest it looks up in the current directory.
        var directory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var host = new ServiceHost<EscalationApi>(schema, $"bench{schema[^6..]}");
        try
        {
            _ = host.CreateClient();
            var table = $"{schema}.{TimerTable.Name}";

            var burstStart = SystemClock.Instance.GetCurrentInstant() + Lead;
            var burstInsert = await BulkInsertAsync(table, "burst", i => burstStart + Duration.FromTicks(BurstSpread.BclCompatibleTicks / Timers * i), cancellationToken);
            await WaitUntilFiredAsync(table, "burst", cancellationToken);
            var (burst, first, last) = await LagAsync(table, "burst", cancellationToken);

            var steadyStart = SystemClock.Instance.GetCurrentInstant() + Lead;
            var farAway = steadyStart + Duration.FromDays(1);
            var steadyInsert = await BulkInsertAsync(table, "steady", i => i < SteadyDue
                ? steadyStart + Duration.FromTicks(SteadySpread.BclCompatibleTicks / SteadyDue * i)
                : farAway + Duration.FromMilliseconds(i), cancellationToken);
            await WaitUntilFiredAsync(table, "steady", cancellationToken, dueBefore: farAway);
            var (steady, _, _) = await LagAsync(table, "steady", cancellationToken);

            var firingSeconds = (last - first).TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture, $"""
                ## Escalation timers: lag from due time to firing

                One in-process instance of the escalation service on the system clock with its default settings (poll at most
                every 200 ms, two concurrent batches of 500). Timers are bulk-inserted (`COPY`) into its timer table, kind
                `offer-deadline`, spread over {Activations:N0} activations. Lag = the firing time recorded in the same transaction
                as the claim and the `timer_fired` event, minus the due time. The outbox relay publishes every `TimerFired` to
                RabbitMQ at the same time, on the same 2 cores.

                - **Burst**: {Timers:N0} pending, all due evenly within {BurstSpread.TotalSeconds:0} s ({Timers / BurstSpread.TotalSeconds:N0} a second; insert took {burstInsert:0.0} s).
                  Fired in {firingSeconds:0.0} s from the first to the last ({burst.Count / Math.Max(firingSeconds, 0.001):N0} timers/s).
                - **Steady**: {Timers:N0} pending, of which {SteadyDue:N0} due evenly within {SteadySpread.TotalSeconds:0} s ({SteadyDue / SteadySpread.TotalSeconds:0} a second)
                  and the rest a day later (insert took {steadyInsert:0.0} s).

                {Latencies.HeaderAgainstFloor}
                {burst.RowAgainstFloor("burst: due → fired")}
                {steady.RowAgainstFloor("steady: due → fired")}
                """);
        }
        finally
        {
            Directory.SetCurrentDirectory(directory);
            await host.DisposeAsync();
            await Schemas.DropAsync(schema);
        }
    }

    private static async Task<double> BulkInsertAsync(string table, string phase, Func<int, Instant> dueAt, CancellationToken cancellationToken)
    {
        var took = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync(cancellationToken);
        var activations = Enumerable.Range(0, Activations).Select(_ => Guid.CreateVersion7()).ToArray();
        var scheduledAt = SystemClock.Instance.GetCurrentInstant().ToDateTimeOffset();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (id, activation_id, kind, target, due_at, scheduled_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < Timers; i++)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(activations[i % Activations], NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync("offer-deadline", NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync($"{phase}-{i}", NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(DurableTimer.StoredPrecision(dueAt(i)).ToDateTimeOffset(), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(scheduledAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
        return took.Elapsed.TotalSeconds;
    }

    private static async Task WaitUntilFiredAsync(string table, string phase, CancellationToken cancellationToken, Instant? dueBefore = null)
    {
        var waited = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FROM {table} WHERE fired_at IS NULL AND target LIKE @phase AND due_at < @before", connection);
            command.Parameters.AddWithValue("phase", $"{phase}-%");
            command.Parameters.AddWithValue("before", (dueBefore ?? Instant.MaxValue - Duration.FromDays(1)).ToDateTimeOffset());
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"The {phase} timers did not all fire within three minutes.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static async Task<(Latencies Lag, DateTimeOffset FirstFired, DateTimeOffset LastFired)> LagAsync(string table, string phase, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT due_at, fired_at FROM {table} WHERE fired_at IS NOT NULL AND target LIKE @phase", connection);
        command.Parameters.AddWithValue("phase", $"{phase}-%");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lag = new Latencies();
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        while (await reader.ReadAsync(cancellationToken))
        {
            var due = reader.GetFieldValue<DateTimeOffset>(0);
            var fired = reader.GetFieldValue<DateTimeOffset>(1);
            lag.Add(fired - due);
            first = fired < first ? fired : first;
            last = fired > last ? fired : last;
        }

        return (lag, first, last);
    }
}
