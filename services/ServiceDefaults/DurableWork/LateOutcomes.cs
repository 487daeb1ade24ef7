using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NodaTime;

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
    private readonly ConditionalWeakTable<IDocumentSession, List<Waiting>> takenBy = [];

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

        takenBy.AddOrUpdate(session, taken);
        var (ids, leases, doneAt, outcomes, payloads) = Columns(taken);
        session.QueueSqlCommand(Statement("?", "?", "?", "?", "?"), ids, leases, doneAt, outcomes, payloads);
    }

    /// <summary>The commit <paramref name="session"/> took outcomes into is final: they are stored.</summary>
    internal void Committed(IDocumentSession session)
    {
        if (takenBy.TryGetValue(session, out var taken))
        {
            takenBy.Remove(session);
            Stored(taken);
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
            await StoreAloneAsync([.. waiting.Values], storing.Token);
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
            var (ids, leases, doneAt, outcomes, payloads) = Columns(taken);
            await using var command = dataSource.CreateCommand(Statement("$1", "$2", "$3", "$4", "$5"));
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            command.Parameters.Add(new NpgsqlParameter { Value = leases });
            command.Parameters.Add(new NpgsqlParameter { Value = doneAt });
            command.Parameters.Add(new NpgsqlParameter { Value = outcomes });
            command.Parameters.Add(new NpgsqlParameter { Value = payloads });
            var stored = await command.ExecuteNonQueryAsync(cancellationToken);
            Stored(taken);
            if (stored < taken.Count)
            {
                logger.LogWarning(
                    "{Missed} of {Count} outcomes of work done outside a transaction came after the item's lease ran out: another runner does that work again",
                    taken.Count - stored, taken.Count);
            }
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
    /// waited for, so the commit this goes with never waits on work it is not about: the lock is that of another commit
    /// that took the same outcomes once they had waited too long, or of the runner the item now belongs to.
    /// </summary>
    private string Statement(string ids, string leases, string doneAt, string outcomes, string payloads) =>
        $"""
        WITH late AS (
            SELECT * FROM unnest({ids}::uuid[], {leases}::timestamptz[], {doneAt}::timestamptz[], {outcomes}::text[], {payloads}::jsonb[])
                AS v(id, lease, done_at, outcome, payload)),
        ours AS (
            SELECT w.id FROM {queue.Table} AS w JOIN late ON late.id = w.id AND w.retry_after = late.lease AND w.done_at IS NULL
            ORDER BY w.id
            FOR UPDATE OF w SKIP LOCKED)
        UPDATE {queue.Table} AS w SET done_at = late.done_at, outcome = late.outcome, payload = COALESCE(late.payload, w.payload), retry_after = NULL
        FROM late
        WHERE w.id = late.id AND w.id IN (SELECT id FROM ours)
        """;

    private static (Guid[] Ids, DateTimeOffset[] Leases, DateTimeOffset[] DoneAt, string[] Outcomes, string?[] Payloads) Columns(List<Waiting> taken) => (
        [.. taken.Select(w => w.Outcome.Id)],
        [.. taken.Select(w => new DateTimeOffset(w.Outcome.Lease))],
        [.. taken.Select(w => w.Outcome.DoneAt.ToDateTimeOffset())],
        [.. taken.Select(w => w.Outcome.Outcome)],
        [.. taken.Select(w => w.Outcome.KeptPayload)]);

    private List<Waiting> Take(Func<Waiting, bool> which)
    {
        var now = time.GetTimestamp();
        var until = now + (long)(TakenFor.TotalSeconds * time.TimestampFrequency);
        return [.. waiting.Values.Where(w => which(w) && w.TryTake(now, until))];
    }

    private void Stored(List<Waiting> taken)
    {
        foreach (var outcome in taken)
        {
            waiting.TryRemove(KeyValuePair.Create(outcome.Outcome.Id, outcome));
        }
    }

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
