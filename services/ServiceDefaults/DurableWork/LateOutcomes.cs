using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Internal.Operations;
using Marten.Services;
using Marten.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NodaTime;
using NpgsqlTypes;
using Weasel.Postgresql;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>What became of an item done outside a transaction, still to be stored under the lease it was done under.</summary>
internal sealed record LateOutcome(Guid Id, DateTime Lease, Instant DoneAt, string Outcome, string? KeptPayload);

/// <summary>
/// Outcomes of work done outside a transaction (<see cref="IWorkHandler.StoresNothingButItsOutcome"/>): each goes with the
/// next commit of this instance, whatever that commit is for (<see cref="StoreLateOutcomesWithCommits"/>), and one that
/// no commit took within <see cref="Linger"/> is stored alone. Until it is stored, its lease keeps other runners off the
/// item; should this instance stop first, the item is done again once the lease runs out, as after a crash in the
/// moment between acting and committing.
/// </summary>
public sealed class LateOutcomes(NpgsqlDataSource dataSource, WorkQueue queue, TimeProvider time, ILogger<LateOutcomes> logger) : BackgroundService
{
    /// <summary>How long an outcome waits for a commit to go with before it is stored alone.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(250);

    /// <summary>How long outcomes are left to the commit they went with before another may take them.</summary>
    private static readonly TimeSpan TakenFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Waiting> waiting = new();
    private readonly ConditionalWeakTable<IDocumentSession, WentWith> takenBy = [];

    /// <summary>Wakes the writer; outcomes added before it looks are written together.</summary>
    private readonly WorkSignal added = new();

    internal void Add(LateOutcome outcome)
    {
        waiting[outcome.Id] = new Waiting(outcome, time.GetTimestamp());
        added.Wake();
    }

    /// <summary>Queues the outcomes waiting and free to be taken in <paramref name="session"/>'s commit.</summary>
    internal void GoWith(IDocumentSession session)
    {
        if (waiting.IsEmpty)
        {
            return;
        }

        var taken = Take(_ => true);
        if (taken.Count == 0)
        {
            return;
        }

        var storing = new StoreLateOutcomes(Statement("?", "?", "?", "?", "?"), Columns(taken));
        takenBy.AddOrUpdate(session, new WentWith(taken, storing));
        session.QueueOperation(storing);
    }

    /// <summary>The commit <paramref name="session"/> took outcomes into is final: those its statement stored are done with.</summary>
    internal void Committed(IDocumentSession session)
    {
        if (takenBy.TryGetValue(session, out var went))
        {
            takenBy.Remove(session);
            Settle(went.Taken, went.Storing.Results);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (waiting.IsEmpty)
                {
                    await added.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                }

                await Task.Delay(Linger * Math.Pow(2, Math.Min(failures, 4)), time, stoppingToken);
                var lingered = time.GetTimestamp() - (long)(Linger.TotalSeconds * time.TimestampFrequency);
                await StoreAloneAsync(Take(w => w.Since <= lingered), stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // PostgreSQL away: each outcome is tried again while its item's lease lasts (a minute), then the work is done again.
                if (failures++ == 0)
                {
                    logger.LogWarning(e, "Storing the outcomes of work done outside a transaction failed; trying again");
                }
            }
        }
    }

    /// <summary>Runs after the runners stopped (it is registered before them): stores what they left, whichever commit had taken it.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var storing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            // An outcome whose row another transaction holds this moment is tried again while the five seconds last.
            while (!waiting.IsEmpty)
            {
                await StoreAloneAsync([.. waiting.Values], storing.Token);
                if (!waiting.IsEmpty)
                {
                    await Task.Delay(Linger, time, storing.Token);
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning(e, "Stopping before {Count} outcomes of work were stored: the work is done again once its lease runs out", waiting.Count);
        }
    }

    private async Task StoreAloneAsync(List<Waiting> taken, CancellationToken cancellationToken)
    {
        if (taken.Count == 0)
        {
            return;
        }

        try
        {
            await using var command = dataSource.CreateCommand(Statement("$1", "$2", "$3", "$4", "$5"));
            var columns = Columns(taken);
            var parameters = columns.Select(_ => command.Parameters.Add(new NpgsqlParameter())).ToList();
            StoreLateOutcomes.Bind(parameters, columns);

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var results = await StoreLateOutcomes.ReadAsync(reader, cancellationToken);
            Settle(taken, results);
        }
        catch
        {
            foreach (var outcome in taken)
            {
                outcome.Free();
            }

            throw;
        }
    }

    /// <summary>
    /// Stores each outcome if the item is still pending under the lease it was done under: an item whose lease ran out
    /// meanwhile is another runner's, which stores its own. A row locked by another transaction is skipped rather than
    /// waited for, so the commit this goes with never waits on work it is not about. Says for each outcome whether it is
    /// stored (by this statement, or already by another that took it) and, if not, whether the item is still pending under
    /// that lease (skipped for a lock: it is tried again).
    /// </summary>
    private string Statement(string ids, string leases, string doneAt, string outcomes, string payloads) =>
        $"""
        WITH late AS (
            SELECT * FROM unnest({ids}::uuid[], {leases}::timestamptz[], {doneAt}::timestamptz[], {outcomes}::text[], {payloads}::jsonb[])
                AS v(id, lease, done_at, outcome, payload)),
        ours AS (
            SELECT w.id FROM {queue.Table} AS w JOIN late ON late.id = w.id AND w.retry_after = late.lease AND w.done_at IS NULL
            ORDER BY w.id
            FOR UPDATE OF w SKIP LOCKED),
        stored AS (
            UPDATE {queue.Table} AS w SET done_at = late.done_at, outcome = late.outcome, payload = COALESCE(late.payload, w.payload), retry_after = NULL
            FROM late
            WHERE w.id = late.id AND w.id IN (SELECT id FROM ours)
            RETURNING w.id)
        SELECT late.id,
            late.id IN (SELECT id FROM stored)
                OR EXISTS (SELECT 1 FROM {queue.Table} AS w WHERE w.id = late.id AND w.done_at = late.done_at AND w.outcome = late.outcome),
            EXISTS (SELECT 1 FROM {queue.Table} AS w WHERE w.id = late.id AND w.retry_after = late.lease AND w.done_at IS NULL)
        FROM late
        """;

    private static object[] Columns(List<Waiting> taken) =>
    [
        taken.Select(w => w.Outcome.Id).ToArray(),
        taken.Select(w => new DateTimeOffset(w.Outcome.Lease)).ToArray(),
        taken.Select(w => w.Outcome.DoneAt.ToDateTimeOffset()).ToArray(),
        taken.Select(w => w.Outcome.Outcome).ToArray(),
        taken.Select(w => w.Outcome.KeptPayload).ToArray(),
    ];

    /// <summary>
    /// What became of outcomes a statement went with: stored ones are done with; one skipped for a lock while its item is
    /// still under its lease waits for the next commit (dropped, the lease would run out and the work be done again); one
    /// whose lease ran out belongs to the runner that took the item since.
    /// </summary>
    private void Settle(List<Waiting> taken, IReadOnlyDictionary<Guid, LateResult> results)
    {
        var (lost, skipped) = (0, 0);
        foreach (var outcome in taken)
        {
            var result = results.GetValueOrDefault(outcome.Outcome.Id);
            if (result is { Stored: false, StillUnderLease: true })
            {
                outcome.Free();
                skipped++;
                continue;
            }

            lost += result.Stored ? 0 : 1;
            waiting.TryRemove(KeyValuePair.Create(outcome.Outcome.Id, outcome));
        }

        if (skipped > 0)
        {
            added.Wake();
        }

        if (lost > 0)
        {
            logger.LogWarning(
                "{Missed} of {Count} outcomes of work done outside a transaction came after the item's lease ran out: another runner does that work again",
                lost, taken.Count);
        }
    }

    private List<Waiting> Take(Func<Waiting, bool> which)
    {
        var now = time.GetTimestamp();
        var until = now + (long)(TakenFor.TotalSeconds * time.TimestampFrequency);
        return [.. waiting.Values.Where(w => which(w) && w.TryTake(now, until))];
    }

    /// <summary>The outcomes a commit took, and its statement that reads back what it stored.</summary>
    private sealed record WentWith(List<Waiting> Taken, StoreLateOutcomes Storing);

    private sealed class Waiting(LateOutcome outcome, long since)
    {
        private long takenUntil;

        public LateOutcome Outcome { get; } = outcome;

        public long Since { get; } = since;

        /// <summary>Taken by one commit at a time: two taking the same rows would wait on each other's locks.</summary>
        public bool TryTake(long now, long until)
        {
            var current = Interlocked.Read(ref takenUntil);
            return current <= now && Interlocked.CompareExchange(ref takenUntil, until, current) == current;
        }

        public void Free() => Interlocked.Exchange(ref takenUntil, 0);
    }
}

/// <summary>Whether a late outcome was stored, and if not, whether its item was still pending under the lease it was done under.</summary>
internal readonly record struct LateResult(bool Stored, bool StillUnderLease);

/// <summary>The late outcomes' statement in a commit of this instance, reading back what it stored.</summary>
internal sealed class StoreLateOutcomes(string sql, object[] columns) : IStorageOperation
{
    /// <summary>Of the id, lease, done-at, outcome and kept-payload columns (the payload cast to jsonb by the statement).</summary>
    private static readonly NpgsqlDbType[] ColumnTypes = [NpgsqlDbType.Uuid, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Text];

    public IReadOnlyDictionary<Guid, LateResult> Results { get; private set; } = new Dictionary<Guid, LateResult>();

    public static async Task<IReadOnlyDictionary<Guid, LateResult>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var results = new Dictionary<Guid, LateResult>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results[reader.GetGuid(0)] = new LateResult(reader.GetBoolean(1), reader.GetBoolean(2));
        }

        return results;
    }

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        Bind(builder.AppendWithParameters(sql, '?'), columns);
    }

    /// <summary>The statement's parameters, typed, whether it goes with a commit or alone.</summary>
    public static void Bind(IReadOnlyList<NpgsqlParameter> parameters, object[] columns)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            parameters[i].NpgsqlDbType = NpgsqlDbType.Array | ColumnTypes[i];
            parameters[i].Value = columns[i];
        }
    }

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) =>
        Results = await ReadAsync(reader, token);

    public Type DocumentType => typeof(StorageFeatures);

    public Weasel.Core.OperationRole Role() => Weasel.Core.OperationRole.Other;
}

/// <summary>A Marten listener: every commit of this instance stores the late outcomes waiting (<see cref="LateOutcomes"/>).</summary>
public sealed class StoreLateOutcomesWithCommits(Func<LateOutcomes?> outcomes, Func<WorkQueue> queue) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        outcomes()?.GoWith(session);
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (outcomes() is { } late)
        {
            queue().OnceCommitted(session, () => late.Committed(session));
        }

        return Task.CompletedTask;
    }
}
