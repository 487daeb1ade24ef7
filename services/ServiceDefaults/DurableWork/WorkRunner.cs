using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>The "DurableWork" configuration section.</summary>
public sealed class WorkOptions
{
    public const string Section = "DurableWork";

    /// <summary>Items worked on at once by one instance: an SMS waiting on a slow provider must not hold up the next.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How often the instance's idle runner looks for work that came due or that another instance scheduled.</summary>
    public int PollMilliseconds { get; set; } = 1000;
}

/// <summary>
/// Runs owed work as it comes due by the injected clock, in every instance at once: an item is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> in a transaction that also stores what its handler did and its outcome, so each item is
/// done by one instance, and a crash (or a handler's exception) leaves it pending for the next try. Work due at once
/// that this instance decided needs no claim: it was written leased to this instance and is taken from memory
/// (<see cref="WorkQueue"/>), then locked and done the same way, or, when it stores nothing but its outcome, done under
/// its lease alone with the outcome stored by a later commit (<see cref="LateOutcomes"/>). A handler that decides on its item's stream in that
/// transaction (<see cref="IWorkHandler.DecidesOnItsStream"/>) runs in the stream's turn. Of an instance's idle
/// runners one watches the clock (asks again when the next item is due, at least once a poll); the others wait to be
/// woken, by work committed in this instance or by a runner that found more due than it can do, and look only every
/// fifth poll otherwise.
/// </summary>
public sealed class WorkRunner(
    IServiceProvider services,
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    WorkQueue queue,
    LateOutcomes lateOutcomes,
    WorkSignal signal,
    IClock clock,
    TimeProvider time,
    IOptions<WorkOptions> options,
    ILogger<WorkRunner> logger) : BackgroundService
{
    private const int SpareRunnersPollEvery = 5;

    private int watching;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => Task.Run(() => RunAsync(stoppingToken), stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollMilliseconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var nextDue = await RunOrTellNextDueAsync(stoppingToken);
                if (nextDue is { } due && due <= clock.GetCurrentInstant())
                {
                    continue;
                }

                await WaitAsync(nextDue, poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Looking for owed work failed; looking again shortly");
                await Task.Delay(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task WaitAsync(Instant? nextDue, TimeSpan poll, CancellationToken stoppingToken)
    {
        if (Interlocked.CompareExchange(ref watching, 1, 0) != 0)
        {
            // Should the watcher be held up by a slow item (a provider taking its full deadline), these still look in time.
            await signal.WaitAsync(poll * SpareRunnersPollEvery, stoppingToken);
            return;
        }

        try
        {
            await signal.WaitAsync(UntilDue(nextDue, poll), stoppingToken);
        }
        finally
        {
            Volatile.Write(ref watching, 0);
        }
    }

    /// <summary>
    /// How long a claimed item is kept from other runners: its handler's work (a provider's ten-second deadline, twice)
    /// and, should storing its outcome fail after it acted, the retries of that storing, all fit well inside it.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Claims and does one due item, if one is due; either way says when the earliest other pending item comes due, so
    /// a runner that has just done the last due item goes to sleep without asking again. When more is due at once,
    /// another runner of this instance is woken to help.
    /// </summary>
    private async Task<Instant?> RunOrTellNextDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        // Work handed over in memory first, unless the table held work due before it at the last look (an offer's
        // deadline must not wait behind a burst of SMS).
        if (queue.TryPeekStarted(out var first) && !(KnownNextDue is { } tableDue && tableDue <= first.Item.DueAt) && queue.TryTakeStarted(out var started))
        {
            if (queue.AnyStarted)
            {
                signal.Wake();
            }

            var again = await DoAsync(started.Item, started.Lease, now, cancellationToken, handedOver: true);
            return queue.AnyStarted ? now : Earliest(again, KnownNextDue);
        }

        var claim = await ClaimAsync(now, cancellationToken);
        KnownNextDue = claim.NextDue;
        if (claim is not { Item: { } item, Lease: var lease })
        {
            return claim.NextDue;
        }

        if (claim.NextDue is { } next && next <= now)
        {
            signal.Wake();
        }

        return Earliest(await DoAsync(item, lease, now, cancellationToken), claim.NextDue);
    }

    /// <summary>
    /// When the earliest pending item not leased was due, as the last claim saw it: a runner that did work handed over in
    /// memory sleeps until then without asking. Work another instance scheduled meanwhile is found by the next poll.
    /// </summary>
    private Instant? KnownNextDue
    {
        get => Interlocked.Read(ref knownNextDueTicks) is var ticks && ticks == long.MaxValue ? null : Instant.FromUnixTimeTicks(ticks);
        set => Interlocked.Exchange(ref knownNextDueTicks, value?.ToUnixTimeTicks() ?? long.MaxValue);
    }

    private long knownNextDueTicks = long.MaxValue;

    private static Instant? Earliest(Instant? one, Instant? other) => one is null ? other : other is null || one < other ? one : other;

    /// <summary>Does one leased item; says when to look at it again (now, after a failure), or null when it is finished.</summary>
    private async Task<Instant?> DoAsync(WorkItem item, DateTime lease, Instant now, CancellationToken cancellationToken, bool handedOver = false)
    {
        await using var scope = services.CreateAsyncScope();
        IWorkHandler? handler;
        try
        {
            handler = HandlerFor(scope.ServiceProvider, item.Kind);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await PutBackAsync(item, lease, e, cancellationToken);
            return now;
        }

        if (handedOver && handler is { DecidesOnItsStream: false } && handler.StoresNothingButItsOutcome(item)
            && lease - time.GetUtcNow().UtcDateTime > LeaseLeftToActOutside)
        {
            return await DoOutsideTransactionAsync(item, handler, lease, now, cancellationToken);
        }

        if (handler is { DecidesOnItsStream: true } && item.StreamId is { } streamId && services.GetService<ActivationTurns>() is { } turns)
        {
            // The time is read once the turn is held: the wait for it may have been seconds.
            return await turns.InTurnAsync(
                streamId, () => DoInTransactionAsync(scope.ServiceProvider, item, handler, lease, clock.GetCurrentInstant(), handedOver, cancellationToken), cancellationToken);
        }

        return await DoInTransactionAsync(scope.ServiceProvider, item, handler, lease, now, handedOver, cancellationToken);
    }

    /// <summary>
    /// Work handed over in memory with less of its lease left than this is done in a transaction that locks it: a
    /// provider's answer (two of them at ten seconds each, at most) and the storing of the outcome must fit in what is left.
    /// </summary>
    private static readonly TimeSpan LeaseLeftToActOutside = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Does work handed over in memory that stores nothing but its outcome without a transaction: its lease
    /// (<see cref="WorkQueue.LeaseForWorkDoneOutside"/>) keeps other runners off it, and the outcome goes with the next
    /// commit of this instance (<see cref="LateOutcomes"/>). What else the handler stored, or an outcome that is not a
    /// finish after acting, is committed at once with the item's outcome, if the item is still under this lease.
    /// </summary>
    private async Task<Instant?> DoOutsideTransactionAsync(WorkItem item, IWorkHandler handler, DateTime lease, Instant now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var context = new WorkContext(session, now, queue);
        WorkOutcome outcome;
        try
        {
            outcome = await handler.HandleAsync(item, context, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await PutBackAsync(item, lease, e, cancellationToken);
            return now;
        }

        Record(context, outcome, followedUp: false);
        if (outcome is WorkOutcome.Finished { ActedOutside: true } finished && StoresNothingElse(session))
        {
            lateOutcomes.Add(new LateOutcome(item.Id, lease, now, finished.Outcome, finished.KeptPayload is { } kept ? KeptPayloadJson(kept) : null));
            return null;
        }

        var (sql, values) = Outcome(now, item, outcome);
        var storing = outcome is WorkOutcome.Finished { ActedOutside: true } ? CancellationToken.None : cancellationToken;
        try
        {
            session.QueueSqlCommand($"{sql} AND done_at IS NULL AND retry_after = ?", [.. values, new DateTimeOffset(lease)]);
            await session.SaveChangesAsync(storing);
        }
        catch (Exception e) when (outcome is WorkOutcome.Finished { ActedOutside: true } acted)
        {
            await RecordActedAsync(item, lease, acted, e, cancellationToken);
        }

        if (outcome is WorkOutcome.Again again)
        {
            logger.LogInformation("Work {WorkId} ({Kind}) not done: {Why}; again at {At}", item.Id, item.Kind, again.Why, again.At);
            return again.At;
        }

        return null;
    }

    /// <summary>How many times a decision on the item's stream is taken afresh, at once, when another stored first.</summary>
    private const int DecisionAttempts = 5;

    private async Task<Instant?> DoInTransactionAsync(
        IServiceProvider provider, WorkItem item, IWorkHandler? handler, DateTime lease, Instant now, bool handedOver, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            WorkOutcome? outcome = null;
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (!await StillOursAsync(connection, transaction, item, lease, cancellationToken, skipLocked: handedOver))
                {
                    return now;
                }

                try
                {
                    await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
                    queue.InRunnersTransaction(session);
                    var context = new WorkContext(session, now, queue);
                    outcome = handler is null
                        ? WorkOutcome.FailedUntil(now + Duration.FromMinutes(1), $"no handler for {item.Kind}")
                        : await handler.HandleAsync(item, context, cancellationToken);
                    var done = outcome;
                    // What was done outside (an SMS went) is stored even while the service stops: otherwise it is done again.
                    var storing = done is WorkOutcome.Finished { ActedOutside: true } ? CancellationToken.None : cancellationToken;
                    if (!await TryFollowUpInTurnAsync(provider, context, done, () => StoreAsync(transaction, context, item, done, followedUp: true, storing), storing))
                    {
                        await StoreAsync(transaction, context, item, done, followedUp: false, storing);
                    }
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    await TryRollbackAsync(transaction);
                    throw;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested || outcome is WorkOutcome.Finished { ActedOutside: true })
            {
                if (outcome is WorkOutcome.Finished { ActedOutside: true } acted)
                {
                    await RecordActedAsync(item, lease, acted, e, cancellationToken);
                }
                else if (handler is { DecidesOnItsStream: true } && StreamConflicts.IsConflict(e) && attempt < DecisionAttempts)
                {
                    // Another decision stored first (another instance's, or one asking the same worker): decided again on
                    // what it stored, now, rather than after the pause of a failed item.
                    await StreamConflicts.ApartAsync(attempt, cancellationToken);
                    now = clock.GetCurrentInstant();
                    continue;
                }
                else
                {
                    await PutBackAsync(item, lease, e, cancellationToken);
                }

                return now;
            }

            if (outcome is WorkOutcome.Again again)
            {
                logger.LogInformation("Work {WorkId} ({Kind}) not done: {Why}; again at {At}", item.Id, item.Kind, again.Why, again.At);
                return again.At;
            }

            return null;
        }
    }

    private sealed record Claim(WorkItem? Item, DateTime Lease, Instant? NextDue);

    /// <summary>
    /// Takes the earliest due item for this runner in a statement of its own: it is leased (kept from other runners) until
    /// its outcome is stored or the lease runs out, which is what lets a crashed runner's item be done by another. When
    /// nothing is due, the same statement says when the earliest pending item is, so an idle runner knows how long to
    /// sleep without asking again.
    /// </summary>
    private async Task<Claim> ClaimAsync(Instant now, CancellationToken cancellationToken)
    {
        // The earliest other pending item, for the runner to know whether to ask again at once: one leased by another
        // runner is left out (its runner has it), so is the one claimed here (this statement's snapshot still sees it pending).
        await using var command = dataSource.CreateCommand(
            $"""
            WITH claimed AS (
                UPDATE {queue.Table} SET retry_after = clock_timestamp() + $2
                WHERE id = (
                    SELECT id FROM {queue.Table}
                    WHERE done_at IS NULL AND due_at <= $1 AND (retry_after IS NULL OR retry_after <= clock_timestamp())
                    ORDER BY due_at, scheduled_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING {WorkQueue.Columns}, retry_after),
            next_due AS (
                SELECT min(due_at) AS due_at FROM {queue.Table}
                WHERE done_at IS NULL AND (retry_after IS NULL OR retry_after <= clock_timestamp())
                    AND id NOT IN (SELECT id FROM claimed))
            SELECT claimed.*, next_due.due_at FROM claimed, next_due
            UNION ALL
            SELECT NULL::uuid, NULL::varchar, NULL::uuid, NULL::text, NULL::timestamptz, NULL::integer, NULL::text, NULL::timestamptz, next_due.due_at
            FROM next_due
            WHERE NOT EXISTS (SELECT 1 FROM claimed)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToDateTimeOffset() });
        command.Parameters.Add(new NpgsqlParameter { Value = Lease });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new Claim(null, default, null);
        }

        var nextDue = reader.IsDBNull(8) ? (Instant?)null : Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(8), DateTimeKind.Utc));
        return reader.IsDBNull(0) ? new Claim(null, default, nextDue) : new Claim(WorkQueue.Read(reader), reader.GetDateTime(7), nextDue);
    }

    /// <summary>
    /// Locks the item for this transaction, if it is still pending under this runner's lease. Work handed over in memory
    /// whose row is locked is not waited for (<paramref name="skipLocked"/>): its short lease may have run out and another
    /// runner be doing it; should the lock have been a moment's (a decision cancelling it), the lease runs out and any
    /// runner claims it.
    /// </summary>
    private async Task<bool> StillOursAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, WorkItem item, DateTime lease, CancellationToken cancellationToken, bool skipLocked = false)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT 1 FROM {queue.Table} WHERE id = $1 AND done_at IS NULL AND retry_after = $2 FOR UPDATE{(skipLocked ? " SKIP LOCKED" : "")}", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = item.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// How long work following from an item waits for its stream's turn before it is scheduled on its own instead: about
    /// one decision. The item's row stays locked meanwhile, and the decision holding the turn may be waiting for that very
    /// row (withdrawing the SMS being sent, answered already), so a longer wait would hold that decision up as long.
    /// </summary>
    private static readonly TimeSpan FollowUpWait = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Does the work following from an item (<see cref="FollowUp"/>) in the item's transaction and stores both, when the
    /// follow-up's handler decides on its stream and the stream's turn comes free at once; says whether it did. A
    /// follow-up not done at once, or a conflict on its stream, fails the transaction: the item's outcome is then stored
    /// again with the follow-up scheduled, and what the item did outside (an SMS) is not done again.
    /// </summary>
    private static async Task<bool> TryFollowUpInTurnAsync(IServiceProvider provider, WorkContext context, WorkOutcome outcome, Func<Task> store, CancellationToken cancellationToken)
    {
        if (outcome is not WorkOutcome.Finished { FollowUp: { StreamId: { } streamId } followUp }
            || HandlerFor(provider, followUp.Kind) is not { DecidesOnItsStream: true } handler
            || provider.GetService<ActivationTurns>() is not { } turns)
        {
            return false;
        }

        return await turns.TryInTurnAsync(streamId, FollowUpWait, async () =>
        {
            var then = await handler.HandleAsync(followUp.ToItem(context.Now), context, cancellationToken);
            if (then is not WorkOutcome.Finished { Record: null, FollowUp: null, KeptPayload: null })
            {
                throw new InvalidOperationException($"Work {followUp.Id} ({followUp.Kind}) following from another was not done at once ({then}); it is scheduled instead.");
            }

            await store();
        }, cancellationToken);
    }

    private async Task StoreAsync(NpgsqlTransaction transaction, WorkContext context, WorkItem item, WorkOutcome outcome, bool followedUp, CancellationToken cancellationToken)
    {
        Record(context, outcome, followedUp);
        var (sql, values) = Outcome(context.Now, item, outcome);
        if (StoresNothingElse(context.Session))
        {
            // Nothing but the item's outcome to store (an SMS sent, a retry set): it travels with the COMMIT, one round trip
            // where Marten would take two. A failed statement skips the COMMIT and the transaction is rolled back as before.
            await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
            {
                BatchCommands = { Numbered(sql, values), new NpgsqlBatchCommand("COMMIT") },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            context.Session.QueueSqlCommand(sql, values);
            await context.Session.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        queue.RunnersTransactionCommitted(context.Session);
    }

    private void Record(WorkContext context, WorkOutcome outcome, bool followedUp)
    {
        if (outcome is WorkOutcome.Finished { Record: { } record })
        {
            record(context);
        }

        if (outcome is WorkOutcome.Finished { FollowUp: { } followUp } && !followedUp)
        {
            queue.Schedule(context.Session, followUp, context.Now);
        }
    }

    /// <summary>Whether the handler left nothing in the session to store: the item's outcome is all there is.</summary>
    private static bool StoresNothingElse(IDocumentSession session)
    {
        var pending = session.PendingChanges;
        return !pending.Operations().Any() && !pending.Streams().Any();
    }

    /// <summary>What an item keeps of its payload once done (a secret's text dropped), as stored.</summary>
    private static string KeptPayloadJson(object kept) => System.Text.Json.JsonSerializer.Serialize(kept, kept.GetType(), WorkItem.Json);

    /// <summary>The statement that stores what became of the item, with <c>?</c> for each of its values.</summary>
    private (string Sql, object[] Values) Outcome(Instant now, WorkItem item, WorkOutcome outcome) => outcome switch
    {
        WorkOutcome.Finished { KeptPayload: { } kept } finished => (
            $"UPDATE {queue.Table} SET done_at = ?, outcome = ?, retry_after = NULL, payload = ?::jsonb WHERE id = ?",
            [now.ToDateTimeOffset(), finished.Outcome, KeptPayloadJson(kept), item.Id]),
        WorkOutcome.Finished finished => (
            $"UPDATE {queue.Table} SET done_at = ?, outcome = ?, retry_after = NULL WHERE id = ?", [now.ToDateTimeOffset(), finished.Outcome, item.Id]),
        WorkOutcome.Again again => (
            $"UPDATE {queue.Table} SET due_at = ?, attempts = attempts + ?, last_error = ?, retry_after = NULL WHERE id = ?",
            [again.At.ToDateTimeOffset(), again.CountsAsAttempt ? 1 : 0, again.Why, item.Id]),
        _ => throw new InvalidOperationException($"No outcome to store for {outcome}"),
    };

    /// <summary>The statement for Npgsql, its <c>?</c> numbered.</summary>
    private static NpgsqlBatchCommand Numbered(string sql, object[] values)
    {
        var number = 0;
        var command = new NpgsqlBatchCommand(System.Text.RegularExpressions.Regex.Replace(sql, @"\?", _ => $"${++number}"));
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>
    /// The handler acted outside (an SMS went) but what followed could not be stored: it is stored again, on connections of
    /// its own, while the lease keeps other runners off the item, without acting again. Only if PostgreSQL stays away that
    /// long is the item tried afresh once the lease runs out.
    /// </summary>
    private async Task RecordActedAsync(WorkItem item, DateTime lease, WorkOutcome.Finished acted, Exception first, CancellationToken cancellationToken)
    {
        // A follow-up that failed in the item's transaction (another instance decided on its stream first) is no outage:
        // the outcome is stored again at once, with the follow-up scheduled.
        if (acted.FollowUp is not null)
        {
            try
            {
                await StoreActedAsync(item, lease, acted, CancellationToken.None);
                logger.LogInformation(first, "Work {WorkId} ({Kind}) could not do what follows from it at once; it is scheduled", item.Id, item.Kind);
                return;
            }
            catch (Exception e)
            {
                first = e;
            }
        }

        logger.LogWarning(first, "Work {WorkId} ({Kind}) acted but its outcome was not stored; storing it again", item.Id, item.Kind);
        lease = await KeepLeaseAsync(item, lease, cancellationToken);
        var giveUpAt = time.GetUtcNow() + Lease - TimeSpan.FromSeconds(15);
        for (var attempt = 1; ; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * attempt)), cancellationToken);
            try
            {
                dataSource.Clear();
                await StoreActedAsync(item, lease, acted, cancellationToken);
                logger.LogInformation("Stored the outcome of work {WorkId} ({Kind}) on attempt {Attempt}", item.Id, item.Kind, attempt + 1);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && time.GetUtcNow() < giveUpAt)
            {
                logger.LogWarning(e, "Storing the outcome of work {WorkId} failed (attempt {Attempt}); trying again", item.Id, attempt);
            }
        }
    }

    /// <summary>Stores what an item that acted outside did, with any follow-up scheduled, unless the item is no longer this runner's.</summary>
    private async Task StoreActedAsync(WorkItem item, DateTime lease, WorkOutcome.Finished acted, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await StillOursAsync(connection, transaction, item, lease, cancellationToken))
        {
            return;
        }

        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        queue.InRunnersTransaction(session);
        await StoreAsync(transaction, new WorkContext(session, clock.GetCurrentInstant(), queue), item, acted, followedUp: false, cancellationToken);
    }

    /// <summary>
    /// Work handed over in memory had a lease of seconds, which a slow provider may outlast: once its transaction is gone,
    /// another runner could claim it and act again. The lease is made a full one at once, if PostgreSQL answers; if it
    /// does not, nobody can claim the item either.
    /// </summary>
    private async Task<DateTime> KeepLeaseAsync(WorkItem item, DateTime lease, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                $"UPDATE {queue.Table} SET retry_after = clock_timestamp() + $3 WHERE id = $1 AND done_at IS NULL AND retry_after = $2 RETURNING retry_after");
            command.Parameters.Add(new NpgsqlParameter { Value = item.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = lease });
            command.Parameters.Add(new NpgsqlParameter { Value = Lease });
            return await command.ExecuteScalarAsync(cancellationToken) is DateTime kept ? kept : lease;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return lease;
        }
    }

    private static async Task TryRollbackAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection is already gone: so is the transaction.
        }
    }

    /// <summary>The handler threw: its work is rolled back and the item tried again after a pause that grows with each failure.</summary>
    private async Task PutBackAsync(WorkItem item, DateTime lease, Exception e, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Min(item.Attempts, 10))));
        logger.LogWarning(e, "Work {WorkId} ({Kind}) failed on attempt {Attempt}; trying again in {Pause}", item.Id, item.Kind, item.Attempts + 1, pause);
        try
        {
            if (!await queue.PutBackAsync(item, lease, $"{e.GetType().Name}: {e.Message}", pause, cancellationToken))
            {
                logger.LogWarning("Work {WorkId} ({Kind}) was no longer under this runner's lease: left to the runner that holds it", item.Id, item.Kind);
            }
        }
        catch (Exception unrecorded) when (unrecorded is NpgsqlException or TimeoutException)
        {
            // PostgreSQL is away: the item is still pending and is claimed again when it is back.
            logger.LogWarning(unrecorded, "Could not record the failure of work {WorkId}", item.Id);
        }
    }

    private TimeSpan UntilDue(Instant? nextDue, TimeSpan poll)
    {
        if (nextDue is not { } due)
        {
            return poll;
        }

        var untilDue = (due - clock.GetCurrentInstant()).ToTimeSpan();
        return untilDue <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Min(poll.TotalMilliseconds, 200)) : untilDue < poll ? untilDue : poll;
    }

    private static IWorkHandler? HandlerFor(IServiceProvider provider, string kind) =>
        provider.GetServices<IWorkHandler>().FirstOrDefault(h => h.Kinds.Any(k => k == kind || (k.EndsWith('*') && kind.StartsWith(k[..^1], StringComparison.Ordinal))));
}
