using System.Runtime.CompilerServices;
using System.Text.Json;
using Marten;
using Marten.Services;
using Npgsql;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>A pending or finished item, for an API or a test to read.</summary>
public sealed record WorkRecord(WorkItem Item, Instant ScheduledAt, string? LastError, Instant? DoneAt, string? Outcome);

/// <summary>
/// Schedules and cancels owed work inside a Marten session's unit of work, so the work exists exactly when the decision
/// that needs it is stored. The runners of this instance are woken when such a session commits.
/// </summary>
public sealed class WorkQueue(IDocumentStore store, NpgsqlDataSource dataSource, WorkSignal signal)
{
    private readonly ConditionalWeakTable<IDocumentSession, object> scheduledIn = [];

    public string Table { get; } = $"{store.Options.DatabaseSchemaName}.{WorkTable.Name}";

    /// <summary>Scheduling the same <paramref name="id"/> twice keeps the first: a retried decision schedules nothing new.</summary>
    public void Schedule(IDocumentSession session, Guid id, string kind, Guid? streamId, object payload, Instant dueAt, Instant now)
    {
        session.QueueSqlCommand(
            $"INSERT INTO {Table} (id, kind, stream_id, payload, due_at, scheduled_at) VALUES (?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (id) DO NOTHING",
            id, kind, (object?)streamId ?? DBNull.Value, JsonSerializer.Serialize(payload, payload.GetType(), WorkItem.Json), dueAt.ToDateTimeOffset(), now.ToDateTimeOffset());
        scheduledIn.AddOrUpdate(session, this);
    }

    /// <summary>Work no longer wanted (the offer closed before its SMS went): finished as cancelled, if it is still pending.</summary>
    public void Cancel(IDocumentSession session, Guid id, string why, Instant now) =>
        session.QueueSqlCommand(
            $"UPDATE {Table} SET done_at = ?, outcome = ? WHERE id = ? AND done_at IS NULL",
            now.ToDateTimeOffset(), $"cancelled: {why}", id);

    /// <summary>Every pending item of <paramref name="kinds"/> for one stream, no longer wanted (its subject closed): finished as cancelled.</summary>
    public void CancelForStream(IDocumentSession session, Guid streamId, IReadOnlyList<string> kinds, string why, Instant now) =>
        session.QueueSqlCommand(
            $"UPDATE {Table} SET done_at = ?, outcome = ? WHERE stream_id = ? AND done_at IS NULL AND kind = ANY(?)",
            now.ToDateTimeOffset(), $"cancelled: {why}", streamId, kinds.ToArray());

    public async Task<IReadOnlyList<WorkRecord>> ForStreamAsync(Guid streamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, scheduled_at, last_error, done_at, outcome FROM {Table} WHERE stream_id = $1 ORDER BY scheduled_at, due_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        return await ReadRecordsAsync(command, cancellationToken);
    }

    public async Task<WorkRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns}, scheduled_at, last_error, done_at, outcome FROM {Table} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadRecordsAsync(command, cancellationToken)).SingleOrDefault();
    }

    internal const string Columns = "id, kind, stream_id, payload::text, due_at, attempts";

    internal static WorkItem Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetGuid(2),
        reader.GetString(3),
        Instant.FromDateTimeUtc(reader.GetDateTime(4)),
        reader.GetInt32(5));

    /// <summary>Called by <see cref="WakeRunnersOnCommit"/>: the session stored new work, so the runners look now, not at their next poll.</summary>
    internal void Committed(IDocumentSession session)
    {
        if (scheduledIn.Remove(session))
        {
            signal.Wake();
        }
    }

    private static async Task<IReadOnlyList<WorkRecord>> ReadRecordsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<WorkRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new WorkRecord(
                Read(reader),
                Instant.FromDateTimeUtc(reader.GetDateTime(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return records;
    }
}

/// <summary>Wakes this instance's runners; several wakes before they look count as one.</summary>
public sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim wakes = new(0, 1);

    public void Wake()
    {
        try
        {
            wakes.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the runners will look once for everything.
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
