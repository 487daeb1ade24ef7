using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// What Marten logs: each failed command as an error with its statements (never their values, which may be personal
/// data), schema changes as information. Two writers meeting on one stream (a timeline entry and a coordinator's
/// decision), a retried webhook meeting the call it opened, a redelivered message meeting its handled record: these are
/// expected under load and decided again by the caller (<see cref="StreamConflicts"/>, the dispatch desk, the consumers'
/// retries), and one the caller does not handle is logged where it surfaces. They are logged at debug here, because an
/// error line for each would teach whoever watches the logs to ignore errors.
/// </summary>
public sealed class MartenFailureLog(ILogger<IDocumentStore> logger) : IMartenLogger, IMartenSessionLogger
{
    private const string UniqueViolation = "23505";

    /// <summary>Marten's append function raising "Stream version mismatch": its own SQLSTATE, or the text's prefix in older schemas.</summary>
    private const string StreamVersionMismatch = "MT003";

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Marten changed the schema: {Sql}", sql);

    /// <summary>
    /// Another writer stored first: a stream's next version (as PostgreSQL reports it, or as Marten has already made it
    /// into its own exception), a row with the same key, a message already handled.
    /// </summary>
    public static bool IsExpectedConflict(Exception e) =>
        StreamConflicts.IsConflict(e)
        || e is PostgresException { SqlState: UniqueViolation }
        || (e is PostgresException postgres && (postgres.SqlState == StreamVersionMismatch || postgres.MessageText.StartsWith(StreamVersionMismatch, StringComparison.Ordinal)))
        || IdempotentConsumption.IsHandledBefore(e)
        || (e.InnerException is { } cause && IsExpectedConflict(cause));

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(ex, string.Join(Environment.NewLine, batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    private void Failed(Exception ex, string what)
    {
        if (IsExpectedConflict(ex))
        {
            logger.LogDebug(ex, "Marten met another writer (decided again by the caller) executing {What}", what);
        }
        else
        {
            logger.LogError(ex, "Marten encountered an exception executing {What}", what);
        }
    }

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }
}
