using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cers.Dispatch.ServiceDefaults.Relay;

/// <summary>
/// The outbox relay of one service: takes the events the <see cref="RelayQueue"/> holds, oldest first in pages, has
/// <see cref="ContractPublisher"/> publish them and forgets them once confirmed, in the statement that reads the next page
/// (at the latest the heartbeat's, two seconds on). One instance relays at a time, so a
/// stream's messages never overtake each other: each instance tries a PostgreSQL session advisory lock on a connection
/// of its own; the holder relays, listening on that connection for the trigger's notifications, and the others try
/// again every few seconds. The lock goes with the holder's connection, so when that instance dies or loses
/// PostgreSQL another takes over, and what was published but not yet forgotten is published again.
/// </summary>
public sealed class LeaderElectedRelay(
    IDocumentStore store, NpgsqlDataSource dataSource, ContractPublisher publisher, IRelayGate gate, TimeProvider time, ILogger<LeaderElectedRelay> logger)
    : BackgroundService
{
    public const int RelayLockSpace = 0x43455253;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the leader waits for a notification when it has nothing to forget: every committed event notifies, so
    /// the look it takes when none came is only a safety net, and at two seconds it was most of an idle service's reads.
    /// </summary>
    private static readonly TimeSpan QuietLook = TimeSpan.FromSeconds(10);

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

    private const int PageSize = 500;

    /// <summary>
    /// How long a notification waits for the commits that follow it, so that one page carries them all: a page is one
    /// statement however many events it holds, and a service commits several times in a few milliseconds.
    /// </summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    /// <summary>The notification wakes the relay at once; waiting no longer than the heartbeat also notices a lost lock.</summary>
    private async Task RelayWhileLeadingAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using (var listen = new NpgsqlCommand($"LISTEN {RelayQueue.Channel(schema)}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        await ForgetProgressOfTheOldRelayAsync(connection, schema, stoppingToken);
        logger.LogInformation("This instance relays {Schema} events to the bus", schema);

        // Notifications are read by the wait only (pages are read on pooled connections): one that arrived while a page
        // was read and published ends the next wait at once.
        // An array the index is searched with: as "IN (SELECT ...)" PostgreSQL's plan could hash the page and read the
        // whole event table for it, a few milliseconds a page and growing with the table.
        var next = $"d.seq_id = ANY (ARRAY(SELECT * FROM {RelayQueue.NextPage(schema)}(?, {PageSize})))";
        long[] published = [];
        try
        {
            while (true)
            {
                do
                {
                    await gate.BeforePageAsync(stoppingToken);
                    published = await RelayNextPageAsync(next, published, stoppingToken);
                }
                while (published.Length == PageSize);

                if (await connection.WaitAsync(published.Length > 0 ? Heartbeat : QuietLook, stoppingToken))
                {
                    await Task.Delay(Gather, stoppingToken);
                }
            }
        }
        finally
        {
            await ForgetAsync(connection, schema, published);
        }
    }

    /// <summary>
    /// Forgets the page published last and reads the next, in one statement: the queued sequence numbers and their
    /// events together. Publishes it and says which it published, to be forgotten by the next read.
    /// </summary>
    /// <param name="next">
    /// The page's filter, built outside the query: Marten compiles a value worked out inside a query expression into a
    /// dynamic method, on every page.
    /// </param>
    private async Task<long[]> RelayNextPageAsync(string next, long[] published, CancellationToken cancellationToken)
    {
        IReadOnlyList<IEvent> page;
        await using (var session = store.QuerySession())
        {
            page = await session.Events.QueryAllRawEvents()
                .Where(stored => stored.MatchesSql(next, published))
                .OrderBy(stored => stored.Sequence)
                .ToListAsync(cancellationToken);
        }

        if (page.Count > 0)
        {
            await publisher.PublishAsync(page, cancellationToken);
        }

        return [.. page.Select(stored => stored.Sequence)];
    }

    /// <summary>
    /// What this instance published is forgotten as it stops relaying, so the next to lead does not publish it again
    /// (consumers would find it handled, but it is a message each for nothing). A lost connection forgets nothing: those
    /// are published again.
    /// </summary>
    private async Task ForgetAsync(NpgsqlConnection connection, string schema, long[] published)
    {
        if (published.Length == 0)
        {
            return;
        }

        try
        {
            await using var forget = new NpgsqlCommand($"DELETE FROM {RelayQueue.Table(schema)} WHERE seq_id = ANY($1)", connection) { CommandTimeout = 5 };
            forget.Parameters.Add(new NpgsqlParameter { Value = published });
            await forget.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            logger.LogInformation(e, "What the relay published last is published again by the next to lead");
        }
    }

    /// <summary>
    /// Events appended before the relay queue existed were relayed by a Marten subscription, which kept its place in
    /// mt_event_progression: queue whatever it had not reached yet, once.
    /// </summary>
    private static async Task ForgetProgressOfTheOldRelayAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var takeOver = new NpgsqlCommand(
            $"""
            DO $takeover$
            BEGIN
                IF to_regclass('{schema}.mt_event_progression') IS NOT NULL THEN
                    INSERT INTO {RelayQueue.Table(schema)} (seq_id)
                    SELECT e.seq_id FROM {schema}.mt_events e, {schema}.mt_event_progression p
                    WHERE p.name = 'contract-publisher:All' AND e.seq_id > p.last_seq_id
                    ON CONFLICT DO NOTHING;
                    DELETE FROM {schema}.mt_event_progression WHERE name = 'contract-publisher:All';
                END IF;
            END
            $takeover$
            """,
            connection);
        await takeOver.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> TryLeadAsync(NpgsqlConnection connection, int key, CancellationToken cancellationToken)
    {
        await using var command = LockCommand("pg_try_advisory_lock", connection, key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Pooled connections are not reset when returned (<see cref="MartenSetup.BuildDataSource"/>), so the lock would
    /// otherwise stay held by an idle connection in the pool, and so would the relay's LISTEN. A broken connection has
    /// lost both already.
    /// </summary>
    private async Task StepDownAsync(NpgsqlConnection connection, int key)
    {
        try
        {
            await using var command = LockCommand("pg_advisory_unlock", connection, key);
            command.CommandTimeout = 5;
            await command.ExecuteScalarAsync(CancellationToken.None);
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection) { CommandTimeout = 5 };
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
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
