using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Cers.Dispatch.ServiceDefaults.Relay;

/// <summary>
/// The events of a service waiting to go on the bus. A trigger on the event table adds the sequence number of each
/// appended event of a type other services hear of (<see cref="IContractMap.RelayedEventTypes"/>) in the appending
/// transaction and notifies the relay on a channel of the schema's own, so the application writes nothing extra, no
/// committed event can be missed, and a transaction of internal events only does not wake the relay; the relay deletes the rows once the broker has confirmed
/// their messages, in the statement that reads its next page (<see cref="NextPage"/>). Deleting what was sent, rather than keeping a high-water mark, is what lets transactions that commit
/// out of sequence order through without waiting for the gaps they leave to close.
/// <para>
/// A service that tells news keeps each such event in a second table too (<see cref="NewsTableName"/>), until the news
/// that told it is confirmed (<see cref="LeaderElectedRelay.NewsEvery"/>).
/// </para>
/// </summary>
public sealed class RelayQueue(string schema, IReadOnlyCollection<string> relayedEventTypeNames, bool news, Migrator migrator)
    : FeatureSchemaBase("relay-queue", migrator)
{
    public const string TableName = "relay_pending";

    public const string NewsTableName = "news_pending";

    public static string Channel(string schema) => $"{schema}_relay";

    public static string Table(string schema) => $"{schema}.{TableName}";

    /// <summary>
    /// The function that forgets the events whose messages the broker confirmed (and those whose news it confirmed) and
    /// says which wait next, oldest first: the relay calls it in the statement that reads those events, so forgetting a
    /// page costs no statement of its own.
    /// </summary>
    public static string NextPage(string schema) => $"{schema}.relay_next_page";

    /// <summary>A feature of its own because Marten creates those after its event table, which the trigger is on.</summary>
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        if (!news)
        {
            return [table, new RelayTrigger(schema, relayedEventTypeNames, news)];
        }

        var newsTable = new Table(new PostgresqlObjectName(schema, NewsTableName, SchemaUtils.IdentifierUsage.General));
        newsTable.AddColumn<long>("seq_id").AsPrimaryKey();
        return [table, newsTable, new RelayTrigger(schema, relayedEventTypeNames, news)];
    }
}

/// <summary>
/// The trigger that fills the relay queue, with its function, and the function the relay reads its pages with, as one object that Marten's migration creates with
/// CREATE OR REPLACE and never drops: Weasel's own Function and Trigger objects judge an unchanged function changed,
/// drop it (and with it the trigger) and create only the function again, and any event appended after that would never
/// reach the bus. The function's comment carries the version and the relayed event types, so a changed body or list is
/// replaced and an unchanged one left.
/// </summary>
internal sealed class RelayTrigger(string schema, IReadOnlyCollection<string> relayedEventTypeNames, bool news) : ISchemaObject
{
    private const string TriggerName = "relay_pending_on_append";

    private readonly string[] names = [.. relayedEventTypeNames.Order(StringComparer.Ordinal)];

    private string Version => $"cers relay queue v5{(news ? " with news" : "")} {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', names))))[..16]}";

    private string RelayedTypes => $"ARRAY[{string.Join(", ", names.Select(name => $"'{name.Replace("'", "''", StringComparison.Ordinal)}'"))}]::varchar[]";

    private string NewsTable => $"{schema}.{RelayQueue.NewsTableName}";

    public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, "relay_pending_event", SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(
        $"""
        CREATE OR REPLACE FUNCTION {Identifier}() RETURNS trigger LANGUAGE plpgsql AS $relay$
        BEGIN
            INSERT INTO {RelayQueue.Table(schema)} (seq_id) VALUES (NEW.seq_id);
            {(news ? $"INSERT INTO {NewsTable} (seq_id) VALUES (NEW.seq_id);" : "")}
            PERFORM pg_notify('{RelayQueue.Channel(schema)}', '');
            RETURN NULL;
        END
        $relay$;
        COMMENT ON FUNCTION {Identifier}() IS '{Version}';
        CREATE OR REPLACE TRIGGER {TriggerName} AFTER INSERT ON {schema}.mt_events FOR EACH ROW
            WHEN (NEW.type = ANY ({RelayedTypes})) EXECUTE FUNCTION {Identifier}();
        CREATE OR REPLACE FUNCTION {RelayQueue.NextPage(schema)}(published bigint[], told_in_news bigint[], page integer) RETURNS SETOF bigint LANGUAGE plpgsql ROWS 500 AS $next$
        BEGIN
            DELETE FROM {RelayQueue.Table(schema)} WHERE seq_id = ANY (published);
            {(news ? $"DELETE FROM {NewsTable} WHERE seq_id = ANY (told_in_news);" : "")}
            RETURN QUERY SELECT seq_id FROM {RelayQueue.Table(schema)} ORDER BY seq_id LIMIT page;
        END
        $next$;
        """);

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine(
        $"DROP TRIGGER IF EXISTS {TriggerName} ON {schema}.mt_events; DROP FUNCTION IF EXISTS {Identifier}(); DROP FUNCTION IF EXISTS {RelayQueue.NextPage(schema)}(bigint[], bigint[], integer);");

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) => builder.Append(
        $"SELECT obj_description(t.tgfoid, 'pg_proc') FROM pg_trigger t WHERE t.tgname = '{TriggerName}' AND t.tgrelid = to_regclass('{schema}.mt_events');");

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var found = await reader.ReadAsync(ct) && !await reader.IsDBNullAsync(0, ct) ? reader.GetString(0) : null;
        return new ReplacedInPlace(this, found switch
        {
            null => SchemaPatchDifference.Create,
            _ when found == Version => SchemaPatchDifference.None,
            _ => SchemaPatchDifference.Update,
        });
    }

    /// <summary>An update is the create statement again: never a moment without the trigger.</summary>
    private sealed class ReplacedInPlace(RelayTrigger trigger, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => trigger;

        public SchemaPatchDifference Difference => difference;

        public void WriteUpdate(Migrator rules, TextWriter writer) => trigger.WriteCreateStatement(rules, writer);

        public void WriteRollback(Migrator rules, TextWriter writer)
        {
        }

        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => throw new NotSupportedException();
    }

    public IEnumerable<DbObjectName> AllNames() => [Identifier];
}
