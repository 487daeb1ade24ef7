using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Marten;
using Marten.Internal.Operations;
using Marten.Services;
using Marten.Storage;
using Npgsql;
using NodaTime;
using NpgsqlTypes;
using Weasel.Postgresql;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>An item and the lease a runner holds it under (<c>retry_after</c>): only that runner may do it until then.</summary>
internal sealed record LeasedItem(WorkItem Item, DateTime Lease);

/// <summary>A pending or finished item, for an API or a test to read.</summary>
public sealed record WorkRecord(WorkItem Item, Instant ScheduledAt, Instant? DoneAt, string? Outcome)
{
    public string? LastError => Item.LastError;
}

/// <summary>
/// Schedules and cancels owed work inside a Marten session's unit of work, so the work exists exactly when the decision
/// that needs it is stored. The runners of this instance are woken when such a session commits.
/// <para>
/// Work due at once (an offer's SMS) is written already leased to this instance, and handed to its runners in memory
/// when the decision commits: no statement and no commit to claim it. Should this instance stop before doing it, the
/// lease runs out within <see cref="StartedLease"/> and any instance claims it as usual.
/// </para>
/// </summary>
public sealed class WorkQueue(IDocumentStore store, NpgsqlDataSource dataSource, WorkSignal signal, TimeProvider time)
{
    /// <summary>How long work due at once is kept for this instance's runners before any runner may claim it.</summary>
    public static readonly TimeSpan StartedLease = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The lease of work due at once that stores nothing but its outcome: it is done outside a transaction, so the lease
    /// alone keeps other runners off it while a provider answers (two of them, ten seconds each at most) and until its
    /// outcome is stored (<see cref="LateOutcomes"/>). Should this instance stop first, the work is done again after this.
    /// </summary>
    public TimeSpan LeaseForWorkDoneOutside { get; init; } = TimeSpan.FromMinutes(1);

    private readonly ConditionalWeakTable<IDocumentSession, Scheduled> scheduledIn = [];
    private readonly Channel<LeasedItem> started = Channel.CreateUnbounded<LeasedItem>();

    public string Table { get; } = $"{store.Options.DatabaseSchemaName}.{WorkTable.Name}";

    /// <summary>Scheduling the same <paramref name="id"/> twice keeps the first: a retried decision schedules nothing new.</summary>
    /// <param name="storesNothingButItsOutcome">Work due at once that is done outside a transaction (<see cref="IWorkHandler.StoresNothingButItsOutcome"/>).</param>
    public void Schedule(IDocumentSession session, Guid id, string kind, Guid? streamId, object payload, Instant dueAt, Instant now, bool storesNothingButItsOutcome = false)
    {
        var json = JsonSerializer.Serialize(payload, payload.GetType(), WorkItem.Json);
        var scheduled = scheduledIn.GetValue(session, _ => new Scheduled());
        if (dueAt <= now)
        {
            var lease = Microseconds(time.GetUtcNow().UtcDateTime + (storesNothingButItsOutcome ? LeaseForWorkDoneOutside : StartedLease));
            var insert = new InsertStartedWork(Table, new LeasedItem(new WorkItem(id, kind, streamId, json, dueAt, 0), lease), now);
            session.QueueOperation(insert);
            scheduled.Started.Add(insert);
            return;
        }

        session.QueueSqlCommand(
            $"INSERT INTO {Table} (id, kind, stream_id, payload, due_at, scheduled_at) VALUES (?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (id) DO NOTHING",
            id, kind, (object?)streamId ?? DBNull.Value, json, dueAt.ToDateTimeOffset(), now.ToDateTimeOffset());
    }

    /// <summary>Schedules work that follows from an item, due now.</summary>
    public void Schedule(IDocumentSession session, FollowUp followUp, Instant now) =>
        Schedule(session, followUp.Id, followUp.Kind, followUp.StreamId, followUp.Payload, now, now);

    /// <summary>
    /// Work no longer wanted (the offer closed before its SMS went): finished as cancelled, if it is still pending. A runner
    /// doing it this moment (an SMS being tried against a provider that will fail) is waited for, so that the retry it
    /// stores is cancelled too, not sent later.
    /// </summary>
    public void Cancel(IDocumentSession session, Guid id, string why, Instant now) =>
        session.QueueSqlCommand(
            $"UPDATE {Table} SET done_at = ?, outcome = ? WHERE id = ? AND done_at IS NULL",
            now.ToDateTimeOffset(), $"cancelled: {why}", id);

    /// <summary>
    /// A timer no longer wanted (the offer it was the deadline of was answered): finished as cancelled, if it is still
    /// pending and no runner is doing it this moment. That runner is left to finish it: it decides on the timer's stream,
    /// so it finds what this decision stored and does nothing, as if it had come first. Waiting for it instead would
    /// deadlock, since the decision already holds the stream that runner wants next.
    /// </summary>
    public void CancelTimer(IDocumentSession session, Guid id, string why, Instant now) =>
        session.QueueSqlCommand(
            $"UPDATE {Table} SET done_at = ?, outcome = ? WHERE id = (SELECT id FROM {Table} WHERE id = ? AND done_at IS NULL FOR UPDATE SKIP LOCKED)",
            now.ToDateTimeOffset(), $"cancelled: {why}", id);

    /// <summary>
    /// Every pending timer of <paramref name="kinds"/> for one stream, no longer wanted (its subject closed): finished as
    /// cancelled, except any a runner is doing this moment (see <see cref="CancelTimer"/>).
    /// </summary>
    public void CancelTimersOfStream(IDocumentSession session, Guid streamId, IReadOnlyList<string> kinds, string why, Instant now) =>
        session.QueueSqlCommand(
            $"""
            UPDATE {Table} SET done_at = ?, outcome = ? WHERE id IN (
                SELECT id FROM {Table} WHERE stream_id = ? AND done_at IS NULL AND kind = ANY(?) ORDER BY id FOR UPDATE SKIP LOCKED)
            """,
            now.ToDateTimeOffset(), $"cancelled: {why}", streamId, kinds.ToArray());

    /// <summary>
    /// The runner holding <paramref name="item"/> under <paramref name="lease"/> failed at it: it is tried again after
    /// <paramref name="pause"/>. Only while the lease is still that runner's: once it ran out, another runner may hold the
    /// item under a lease of its own (or have finished it), and putting it back then would cut that lease short and let a
    /// third runner do the work a second time. Says whether the item was put back.
    /// </summary>
    public async Task<bool> PutBackAsync(WorkItem item, DateTime lease, string why, TimeSpan pause, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE {Table} SET attempts = attempts + 1, last_error = $2, retry_after = clock_timestamp() + $3
            WHERE id = $1 AND done_at IS NULL AND retry_after = $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = item.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = why });
        command.Parameters.Add(new NpgsqlParameter { Value = pause });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<WorkRecord>> ForStreamAsync(Guid streamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, scheduled_at, done_at, outcome FROM {Table} WHERE stream_id = $1 ORDER BY scheduled_at, due_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        return await ReadRecordsAsync(command, cancellationToken);
    }

    public async Task<WorkRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, scheduled_at, done_at, outcome FROM {Table} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadRecordsAsync(command, cancellationToken)).SingleOrDefault();
    }

    internal const string Columns = "id, kind, stream_id, payload::text, due_at, attempts, last_error";

    internal static WorkItem Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetGuid(2),
        reader.GetString(3),
        Instant.FromDateTimeUtc(reader.GetDateTime(4)),
        reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    /// <summary>
    /// Called by <see cref="WakeRunnersOnCommit"/>, and by a runner once its own transaction commits: the session stored
    /// work due at once, so the runners take it from memory now, not at their next poll. Work due later (an offer's
    /// deadline, a check in half an hour) wakes nobody: a runner asking the table now would only learn when it is due, and
    /// the idle runner's next look, within the poll interval, finds that out anyway.
    /// </summary>
    internal void Committed(IDocumentSession session)
    {
        if (!scheduledIn.TryGetValue(session, out var scheduled) || scheduled.InRunnersTransaction)
        {
            return;
        }

        scheduledIn.Remove(session);
        foreach (var then in scheduled.AfterCommit)
        {
            then();
        }

        // Work owed again under an id already stored (a webhook delivered again) inserted nothing: what is stored is done,
        // or is another lease's, and is not handed over; with nothing handed over, no runner is woken to look.
        var handedOver = scheduled.Started.Where(insert => insert.Inserted).ToList();
        if (handedOver.Count == 0)
        {
            return;
        }

        foreach (var insert in handedOver)
        {
            started.Writer.TryWrite(insert.Item);
        }

        signal.Wake();
    }

    /// <summary>
    /// A runner's session: its transaction is the runner's to commit, after Marten's own commit listeners ran, so its work
    /// is handed over by the runner's call to <see cref="RunnersTransactionCommitted"/>, not before the rows are visible.
    /// </summary>
    internal void InRunnersTransaction(IDocumentSession session) => scheduledIn.GetValue(session, _ => new Scheduled()).InRunnersTransaction = true;

    /// <summary>
    /// For a commit listener: runs <paramref name="then"/> now, or, for a session in a runner's transaction (not yet
    /// committed when its commit listeners run), once the runner commits, and never if it does not.
    /// </summary>
    internal void OnceCommitted(IDocumentSession session, Action then)
    {
        if (scheduledIn.TryGetValue(session, out var scheduled) && scheduled.InRunnersTransaction)
        {
            WhenCommitted(session, then);
        }
        else
        {
            then();
        }
    }

    internal void RunnersTransactionCommitted(IDocumentSession session)
    {
        if (scheduledIn.TryGetValue(session, out var scheduled))
        {
            scheduled.InRunnersTransaction = false;
            Committed(session);
        }
    }

    /// <summary>
    /// Runs <paramref name="then"/> once what <paramref name="session"/> stored is committed (a runner's session: once the
    /// runner commits its transaction), and never if it is not.
    /// </summary>
    public void WhenCommitted(IDocumentSession session, Action then) => scheduledIn.GetValue(session, _ => new Scheduled()).AfterCommit.Add(then);

    /// <summary>Work due at once that a committed decision of this instance left leased to it.</summary>
    internal bool TryTakeStarted(out LeasedItem item) => started.Reader.TryRead(out item!);

    internal bool TryPeekStarted(out LeasedItem item) => started.Reader.TryPeek(out item!);

    internal bool AnyStarted => started.Reader.Count > 0;

    /// <summary>PostgreSQL keeps microseconds: a lease written with more would never compare equal to what is read back.</summary>
    private static DateTime Microseconds(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    private sealed class Scheduled
    {
        public List<InsertStartedWork> Started { get; } = [];

        public bool InRunnersTransaction { get; set; }

        public List<Action> AfterCommit { get; } = [];
    }

    private static async Task<IReadOnlyList<WorkRecord>> ReadRecordsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<WorkRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new WorkRecord(
                Read(reader),
                Instant.FromDateTimeUtc(reader.GetDateTime(7)),
                reader.IsDBNull(8) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return records;
    }
}

/// <summary>
/// Inserts work due at once, leased to this instance, and learns whether it did: work owed again under an id already
/// stored inserts nothing, and must not be handed to the runners as if it were this lease's.
/// </summary>
internal sealed class InsertStartedWork(string table, LeasedItem item, Instant scheduledAt) : IStorageOperation
{
    public LeasedItem Item { get; } = item;

    public bool Inserted { get; private set; }

    public Type DocumentType => typeof(StorageFeatures);

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        var parameters = builder.AppendWithParameters(
            $"INSERT INTO {table} (id, kind, stream_id, payload, due_at, scheduled_at, retry_after) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
            '?');
        var work = Item.Item;
        Set(parameters[0], NpgsqlDbType.Uuid, work.Id);
        Set(parameters[1], NpgsqlDbType.Varchar, work.Kind);
        Set(parameters[2], NpgsqlDbType.Uuid, work.StreamId is { } streamId ? streamId : DBNull.Value);
        Set(parameters[3], NpgsqlDbType.Jsonb, work.Payload);
        Set(parameters[4], NpgsqlDbType.TimestampTz, work.DueAt.ToDateTimeOffset());
        Set(parameters[5], NpgsqlDbType.TimestampTz, scheduledAt.ToDateTimeOffset());
        Set(parameters[6], NpgsqlDbType.TimestampTz, new DateTimeOffset(Item.Lease));
    }

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) =>
        Inserted = await reader.ReadAsync(token);

    public Weasel.Core.OperationRole Role() => Weasel.Core.OperationRole.Other;

    private static void Set(NpgsqlParameter parameter, NpgsqlDbType type, object value)
    {
        parameter.NpgsqlDbType = type;
        parameter.Value = value;
    }
}

/// <summary>Wakes this instance's runners; several wakes before they look count as one.</summary>
public sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim wakes = new(0, 1);

    public void Wake()
    {
        // Already woken, the runners will look once for everything: asked first, since a full semaphore answers a
        // release with an exception, and a busy instance wakes its runners hundreds of times a second.
        if (wakes.CurrentCount > 0)
        {
            return;
        }

        try
        {
            wakes.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken by another thread since it was asked.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => wakes.WaitAsync(timeout, cancellationToken);

    public void Dispose() => wakes.Dispose();
}

/// <summary>A Marten listener: after a session that scheduled work commits, the runners are woken.</summary>
public sealed class WakeRunnersOnCommit(Func<WorkQueue> queue) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        queue().Committed(session);
        return Task.CompletedTask;
    }
}
