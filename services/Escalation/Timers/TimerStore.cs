using Marten;
using Npgsql;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers;

/// <summary>Reads and writes the durable timer table; writes join the Marten session's unit of work.</summary>
public sealed class TimerStore(IDocumentStore store, NpgsqlDataSource dataSource, Firing.TimerWake wake)
{
    private const string Columns = "id, activation_id, kind, target, due_at";

    /// <summary>The advisory lock space ("TIMR") of the per-activation lock a firing transaction holds.</summary>
    private const int ActivationLockSpace = 0x54494D52;

    public string Table { get; } = $"{store.Options.DatabaseSchemaName}.{TimerTable.Name}";

    public void QueueSchedule(IDocumentSession session, DurableTimer timer, Instant now)
    {
        session.QueueSqlCommand(
            $"INSERT INTO {Table} (id, activation_id, kind, target, due_at, scheduled_at) VALUES (?, ?, ?, NULLIF(?, ''), ?, ?) ON CONFLICT (id) DO NOTHING",
            timer.TimerId, timer.ActivationId, timer.Kind, timer.Target ?? "", timer.DueAt.ToDateTimeOffset(), now.ToDateTimeOffset());
        wake.WhenStored(session, timer.DueAt);
    }

    public void QueueCancel(IDocumentSession session, Guid timerId, Instant now) =>
        session.QueueSqlCommand(
            $"UPDATE {Table} SET cancelled_at = ? WHERE id = ? AND fired_at IS NULL AND cancelled_at IS NULL",
            now.ToDateTimeOffset(), timerId);

    public async Task<IReadOnlyList<DurableTimer>> PendingAsync(Guid activationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM {Table} WHERE activation_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = activationId });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<TimerRecord?> FindAsync(Guid timerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, scheduled_at, fired_at, cancelled_at FROM {Table} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = timerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TimerRecord(Read(reader), InstantAt(reader, 5)!.Value, InstantAt(reader, 6), InstantAt(reader, 7));
    }

    public async Task<Instant?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT due_at FROM {Table} WHERE fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? Instant.FromDateTimeUtc(due) : null;
    }

    /// <summary>
    /// Claims, in the caller's transaction, every due timer of the activations whose timers come due first (looking at
    /// up to <paramref name="batchSize"/> due timers), and marks them fired. An activation's due timers are claimed
    /// together, under a transaction-scoped advisory lock on the activation, so two pollers never decide one
    /// activation's timers side by side on the same state (a 12-hour warning recorded after the breach it warned of).
    /// SKIP LOCKED and the lock let another poller claim other activations at the same moment; a timer is claimed by
    /// one transaction only, and if that transaction rolls back the timer is pending again.
    /// </summary>
    public async Task<IReadOnlyList<DurableTimer>> ClaimDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Instant now, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            WITH earliest AS (
                SELECT activation_id FROM {Table}
                WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1
                ORDER BY due_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED),
            mine AS (
                SELECT activation_id FROM (SELECT DISTINCT activation_id FROM earliest) AS candidates
                WHERE pg_try_advisory_xact_lock($3, hashtext(activation_id::text)))
            UPDATE {Table} AS t SET fired_at = $1 FROM mine
            WHERE t.activation_id = mine.activation_id AND t.fired_at IS NULL AND t.cancelled_at IS NULL AND t.due_at <= $1
            RETURNING t.id, t.activation_id, t.kind, t.target, t.due_at
            """,
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToDateTimeOffset() });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        command.Parameters.Add(new NpgsqlParameter { Value = ActivationLockSpace });
        var claimed = await ReadAsync(command, cancellationToken);
        return claimed.OrderBy(t => t.DueAt).ThenBy(t => t.TimerId).ToList();
    }

    private static async Task<IReadOnlyList<DurableTimer>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var timers = new List<DurableTimer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            timers.Add(Read(reader));
        }

        return timers;
    }

    private static DurableTimer Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        Instant.FromDateTimeUtc(reader.GetDateTime(4)),
        reader.IsDBNull(3) ? null : reader.GetString(3));

    private static Instant? InstantAt(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant.FromDateTimeUtc(reader.GetDateTime(ordinal));
}

/// <summary>A timer with its history: when it was set, and when it fired or was cancelled.</summary>
public sealed record TimerRecord(DurableTimer Timer, Instant ScheduledAt, Instant? FiredAt, Instant? CancelledAt);
