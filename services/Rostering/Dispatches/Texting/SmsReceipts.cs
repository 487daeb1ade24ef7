using Marten;
using Npgsql;
using NodaTime;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Cers.Dispatch.Rostering.Dispatches.Texting;

/// <summary>
/// Twilio's delivery receipts for offer SMS (sent, delivered, read, failed, undelivered), one row per offer and status. A
/// receipt is not a decision on the activation: it is stored in one statement of its own, not in a transaction that reads
/// the dispatch's version and writes its snapshot, and a repeated callback stores nothing. Only a failure (failed,
/// undelivered) is also decided on, since it closes the offer. The rota alerts read them for the last thing known about
/// each phone (<see cref="Alerts.Finding.LastSms"/>).
/// </summary>
public sealed class SmsReceipts(NpgsqlDataSource dataSource, IDocumentStore store)
{
    public const string TableName = "sms_receipts";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("offer_id").AsPrimaryKey();
        table.AddColumn("status", "varchar(20)").AsPrimaryKey();
        table.AddColumn<Guid>("activation_id").NotNull();
        table.AddColumn("message_sid", "varchar(64)").NotNull();
        table.AddColumn("error_code", "varchar(20)");
        table.AddColumn("received_at", "timestamptz").NotNull();
        return table;
    }

    public static bool IsFailure(string status) => status is "failed" or "undelivered";

    public async Task RecordAsync(Guid activationId, Guid offerId, string messageSid, string status, string? errorCode, Instant at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO {store.Options.DatabaseSchemaName}.{TableName} (offer_id, status, activation_id, message_sid, error_code, received_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (offer_id, status) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = offerId });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = activationId });
        command.Parameters.Add(new NpgsqlParameter { Value = messageSid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)errorCode ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = at.ToDateTimeOffset() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statuses of each offer's SMS, in the order they were received.</summary>
    public static async Task<ILookup<Guid, string>> OfAsync(IQuerySession session, IReadOnlyCollection<Guid> offerIds, CancellationToken cancellationToken)
    {
        if (offerIds.Count == 0)
        {
            return Array.Empty<(Guid, string)>().ToLookup(r => r.Item1, r => r.Item2);
        }

        var rows = await session.AdvancedSql.QueryAsync<Guid, string>(
            // Marten reads each column of a row of several types as a row of its own.
            $"SELECT row(offer_id), row(status) FROM {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} WHERE offer_id = ANY(?) ORDER BY received_at, CASE status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 ELSE 3 END",
            cancellationToken, offerIds.ToArray());
        return rows.ToLookup(r => r.Item1, r => r.Item2);
    }
}
