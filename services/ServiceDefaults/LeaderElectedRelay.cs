using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// Runs the outbox relay (the ContractPublisher subscription) in exactly one instance at a time. Marten's HotCold
/// election is unavailable here (see services/ServiceDefaults/MartenSetup.cs), and with the Solo daemon in every
/// instance two relays overtake each other and one of them stops. So each instance tries a PostgreSQL session advisory
/// lock on a connection of its own; the holder runs the daemon, the others try again every few seconds. The lock goes
/// with the holder's connection, so when that instance dies or loses PostgreSQL another takes over.
/// </summary>
public sealed class LeaderElectedRelay(IDocumentStore store, NpgsqlDataSource dataSource, TimeProvider time, ILogger<LeaderElectedRelay> logger)
    : BackgroundService
{
    public const int RelayLockSpace = 0x43455253;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = LockKey(store.Options.DatabaseSchemaName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                if (await TryLeadAsync(connection, key, stoppingToken))
                {
                    try
                    {
                        await RelayWhileLeadingAsync(connection, stoppingToken);
                    }
                    finally
                    {
                        await StepDownAsync(connection, key);
                    }
                }
                else
                {
                    await Task.Delay(Heartbeat, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The relay lost or could not take its lock; trying again");
                await Task.Delay(Heartbeat, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RelayWhileLeadingAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        logger.LogInformation("This instance relays {Schema} events to the bus", schema);
        try
        {
            while (true)
            {
                await Task.Delay(Heartbeat, time, stoppingToken);
                await using var alive = new NpgsqlCommand("SELECT 1", connection);
                await alive.ExecuteScalarAsync(stoppingToken);
            }
        }
        finally
        {
            await daemon.StopAllAsync();
            (daemon as IDisposable)?.Dispose();
        }
    }

    private static async Task<bool> TryLeadAsync(NpgsqlConnection connection, int key, CancellationToken cancellationToken)
    {
        await using var command = LockCommand("pg_try_advisory_lock", connection, key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Pooled connections are not reset when returned (<see cref="MartenSetup.BuildDataSource"/>), so the lock would
    /// otherwise stay held by an idle connection in the pool. A broken connection has lost the lock already.
    /// </summary>
    private async Task StepDownAsync(NpgsqlConnection connection, int key)
    {
        try
        {
            await using var command = LockCommand("pg_advisory_unlock", connection, key);
            command.CommandTimeout = 5;
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            logger.LogInformation(e, "The relay's lock went with its connection");
        }
    }

    /// <summary><paramref name="function"/> (pg_try_advisory_lock, pg_advisory_unlock) on the relay's lock for <paramref name="key"/>.</summary>
    public static NpgsqlCommand LockCommand(string function, NpgsqlConnection connection, int key)
    {
        var command = new NpgsqlCommand($"SELECT {function}($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = RelayLockSpace });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return command;
    }

    /// <summary>The advisory lock key (in the relay's lock space) of a schema's relay.</summary>
    public static int LockKey(string schema)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in schema)
            {
                hash = (hash * 31) + c;
            }

            return hash;
        }
    }
}
