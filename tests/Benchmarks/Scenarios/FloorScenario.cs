using System.Diagnostics;
using System.Globalization;
using Cers.Dispatch.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>
/// What the hardware allows: a bare PostgreSQL insert+commit and a bare RabbitMQ publish-to-consume round trip,
/// so every other figure can be read as a ratio to these.
/// </summary>
public sealed class FloorScenario : IScenario
{
    private const int Samples = 2_000;

    public string Name => "floor";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var insert = await PostgresInsertCommitAsync(cancellationToken);
        var roundTrip = await RabbitMqRoundTripAsync(cancellationToken);
        Floor.Measured = new Floor(insert, roundTrip);
        return $"""
            ## The floor: bare PostgreSQL and RabbitMQ

            One connection each, sequential, {Samples} samples after a warm-up. PostgreSQL: `INSERT` of one row and `COMMIT`
            (fsync on). RabbitMQ: publish with publisher confirms to a durable queue and receive it on a consumer in the same process.
            Measured first in every run; the other sections give each figure also as a multiple of these, at the same percentile.

            {Latencies.Header}
            {insert.Row("PostgreSQL insert + commit")}
            {roundTrip.Row("RabbitMQ publish → consume")}
            """;
    }

    private static async Task<Latencies> PostgresInsertCommitAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync(cancellationToken);
        // A real (logged) table: a temporary one skips the WAL and would flatter the commit.
        var table = $"floor_probe_{Guid.NewGuid():N}";
        await using (var create = new NpgsqlCommand($"CREATE TABLE {table} (id bigint primary key, body text)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var latencies = new Latencies();
        for (var i = -200; i < Samples; i++)
        {
            var took = Stopwatch.StartNew();
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = new NpgsqlCommand($"INSERT INTO {table} VALUES (@id, 'x')", connection, tx);
            insert.Parameters.AddWithValue("id", i + 1_000);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (i >= 0)
            {
                latencies.Add(took.Elapsed);
            }
        }

        await using (var drop = new NpgsqlCommand($"DROP TABLE {table}", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return latencies;
    }

    /// <summary>The local RabbitMQ, as the services reach it.</summary>
    public static Task<IConnection> ConnectToRabbitMqAsync(CancellationToken cancellationToken) => new ConnectionFactory
    {
        HostName = "127.0.0.1",
        Port = int.Parse(LocalInfrastructure.RabbitMqPort, CultureInfo.InvariantCulture),
        VirtualHost = LocalInfrastructure.RabbitMqVirtualHost,
    }.CreateConnectionAsync(cancellationToken);

    private static async Task<Latencies> RabbitMqRoundTripAsync(CancellationToken cancellationToken)
    {
        await using var connection = await FloorScenario.ConnectToRabbitMqAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var queue = (await channel.QueueDeclareAsync($"floor-probe-{Guid.NewGuid():N}", durable: true, exclusive: true, autoDelete: true, cancellationToken: cancellationToken)).QueueName;

        var arrived = new TaskCompletionSource();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, _) =>
        {
            arrived.TrySetResult();
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, cancellationToken);

        var latencies = new Latencies();
        var body = new byte[256];
        for (var i = -200; i < Samples; i++)
        {
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var took = Stopwatch.StartNew();
            await channel.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { Persistent = true }, body, cancellationToken);
            await arrived.Task.WaitAsync(cancellationToken);
            if (i >= 0)
            {
                latencies.Add(took.Elapsed);
            }
        }

        return latencies;
    }
}
