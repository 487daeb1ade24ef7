using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>
/// Work a service owes itself later: an SMS or call to send, a timer to act on. In the service's own Marten schema and
/// created with it, and written in the same transaction as the decision that needs it, so a crash between deciding and
/// doing is recovered by whichever instance runs the work next. Pending while done_at is null; the partial index on
/// due_at is what the runners claim from.
/// </summary>
public static class WorkTable
{
    public const string Name = "durable_work";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("kind", "varchar(100)").NotNull();
        table.AddColumn<Guid>("stream_id");
        table.AddColumn("payload", "jsonb").NotNull();
        table.AddColumn("due_at", "timestamptz").NotNull();
        table.AddColumn("scheduled_at", "timestamptz").NotNull();
        table.AddColumn("attempts", "integer").NotNull().DefaultValueByExpression("0");
        table.AddColumn("last_error", "text");
        // Not before this wall-clock time, whatever the service's clock says: a runner's lease on the item it is doing, or
        // the pause after its handler threw (a conflict, PostgreSQL away).
        table.AddColumn("retry_after", "timestamptz");
        table.AddColumn("done_at", "timestamptz");
        table.AddColumn("outcome", "text");
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_pending_due") { Columns = ["due_at"], Predicate = "done_at is null" });
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_stream") { Columns = ["stream_id"] });
        return table;
    }
}
