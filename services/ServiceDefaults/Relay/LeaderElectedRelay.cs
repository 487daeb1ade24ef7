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
/// <para>
/// A service that tells news (<see cref="IContractMap.TellsNews"/>) also gives its read models what it told in each second
/// as one message, at the turn of the second (<see cref="NewsEvery"/>): every service's news of a second goes at about
/// the same moment, so a read model that hears several takes them in one commit, the cause (an opening) in the same
/// second's news as its effects or an earlier one. The news is gathered from the pages as they are published, and its
/// events are queued apart (<see cref="RelayQueue.NewsTableName"/>) until their news is confirmed, so a relay that stops
/// before then leaves them to the next to lead.
/// </para>
/// </summary>
public sealed class LeaderElectedRelay(
    IDocumentStore store, NpgsqlDataSource dataSource, ContractPublisher publisher, IContractMap map, IRelayGate gate, TimeProvider time,
    ILogger<LeaderElectedRelay> logger)
    : BackgroundService
{
    /// <summary>How often news goes, at the turn of each such span of the clock, while there is any.</summary>
    public static readonly TimeSpan NewsEvery = TimeSpan.FromSeconds(1);

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

    /// <summary>
    /// The notification wakes the relay at once; waiting no longer than the heartbeat also notices a lost lock. News
    /// going at the turn of a second reads nothing: what it told is forgotten by the next page's read.
    /// </summary>
    private async Task RelayWhileLeadingAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using (var listen = new NpgsqlCommand($"LISTEN {RelayQueue.Channel(schema)}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        await ForgetProgressOfTheOldRelayAsync(connection, schema, stoppingToken);
        var news = new List<RelayedMessage>();
        if (map.TellsNews)
        {
            news.AddRange(await NewsNotToldYetAsync(schema, stoppingToken));
        }

        // The turn the news gathered so far goes at: the first after the earliest of it was gathered. Kept, not worked
        // out again after each page: a page read across the turn would put the news off to the next, a second after
        // another service's news of the same second (a read model then hears an effect a second before its cause).
        DateTimeOffset? newsDue = news.Count > 0 ? NextTurnOfNews() : null;

        logger.LogInformation("This instance relays {Schema} events to the bus", schema);

        // Notifications are read by the wait only (pages are read on pooled connections): one that arrived while a page
        // was read and published ends the next wait at once.
        // An array the index is searched with: as "IN (SELECT ...)" PostgreSQL's plan could hash the page and read the
        // whole event table for it, a few milliseconds a page and growing with the table.
        var next = $"d.seq_id = ANY (ARRAY(SELECT * FROM {RelayQueue.NextPage(schema)}(?, ?, {PageSize})))";
        long[] published = [];
        long[] toldInNews = [];
        try
        {
            while (true)
            {
                do
                {
                    await gate.BeforePageAsync(stoppingToken);
                    (published, var told) = await RelayNextPageAsync(next, published, toldInNews, stoppingToken);
                    toldInNews = [];
                    news.AddRange(told);
                    newsDue ??= news.Count > 0 ? NextTurnOfNews() : null;
                }
                while (published.Length == PageSize);

                while (true)
                {
                    // A timer may end a moment early.
                    if (newsDue is { } due && time.GetUtcNow() + TimeSpan.FromMilliseconds(20) >= due)
                    {
                        await publisher.PublishNewsAsync(news, stoppingToken);
                        toldInNews = [.. news.Select(told => told.Source.Sequence).Distinct()];
                        news.Clear();
                        newsDue = null;
                    }

                    var wait = published.Length > 0 || toldInNews.Length > 0 ? Heartbeat : QuietLook;
                    var untilNews = newsDue - time.GetUtcNow();
                    var waitingForNews = untilNews < wait;
                    if (await connection.WaitAsync(waitingForNews ? AtLeastAMillisecond(untilNews!.Value) : wait, stoppingToken))
                    {
                        await Task.Delay(Gather, stoppingToken);
                        break;
                    }

                    if (!waitingForNews)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await ForgetAsync(connection, schema, published, toldInNews);
        }
    }

    /// <summary>Npgsql takes a wait of under a millisecond (0) as a wait without end: the news would go with the next event.</summary>
    private static TimeSpan AtLeastAMillisecond(TimeSpan wait) => wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;

    /// <summary>The next turn of <see cref="NewsEvery"/> on the clock, the same instant for every service.</summary>
    private DateTimeOffset NextTurnOfNews()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(NewsEvery.Ticks - (now.UtcTicks % NewsEvery.Ticks));
    }

    /// <summary>
    /// Forgets the page published last (and the events whose news went) and reads the next, in one statement: the queued
    /// sequence numbers and their events together. Publishes it and says which it published, to be forgotten by the next
    /// read, and what of it is news.
    /// </summary>
    /// <param name="next">
    /// The page's filter, built outside the query: Marten compiles a value worked out inside a query expression into a
    /// dynamic method, on every page.
    /// </param>
    private async Task<(long[] Published, IReadOnlyList<RelayedMessage> News)> RelayNextPageAsync(
        string next, long[] published, long[] toldInNews, CancellationToken cancellationToken)
    {
        var page = await ReadAsync(next, [published, toldInNews], cancellationToken);
        var told = page.Count > 0 ? await publisher.PublishAsync(page, cancellationToken) : [];
        return ([.. page.Select(stored => stored.Sequence)], map.TellsNews ? told : []);
    }

    private async Task<IReadOnlyList<IEvent>> ReadAsync(string filter, object[] parameters, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents()
            .Where(stored => stored.MatchesSql(filter, parameters))
            .OrderBy(stored => stored.Sequence)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Taking the lead: events published on their own by the relay before, whose news never went, are told again in this
    /// relay's first news (those still waiting to be published are told when they are).
    /// </summary>
    private async Task<IReadOnlyList<RelayedMessage>> NewsNotToldYetAsync(string schema, CancellationToken cancellationToken)
    {
        var page = await ReadAsync(
            $"d.seq_id = ANY (ARRAY(SELECT seq_id FROM {schema}.{RelayQueue.NewsTableName} EXCEPT SELECT seq_id FROM {RelayQueue.Table(schema)}))",
            [],
            cancellationToken);
        return publisher.MessagesFor(page);
    }

    /// <summary>
    /// What this instance published is forgotten as it stops relaying, so the next to lead does not publish it again
    /// (consumers would find it handled, but it is a message each for nothing). A lost connection forgets nothing: those
    /// are published again.
    /// </summary>
    private async Task ForgetAsync(NpgsqlConnection connection, string schema, long[] published, long[] toldInNews)
    {
        if (published.Length == 0 && toldInNews.Length == 0)
        {
            return;
        }

        try
        {
            await using var forget = new NpgsqlCommand($"SELECT count(*) FROM {RelayQueue.NextPage(schema)}($1, $2, 0)", connection) { CommandTimeout = 5 };
            forget.Parameters.Add(new NpgsqlParameter { Value = published });
            forget.Parameters.Add(new NpgsqlParameter { Value = toldInNews });
            await forget.ExecuteScalarAsync(CancellationToken.None);
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
