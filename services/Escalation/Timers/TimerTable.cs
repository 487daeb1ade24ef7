using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Cers.Dispatch.Escalation.Timers;

/// <summary>
/// The durable timers, in the service's Marten schema and created with it. A timer is pending while fired_at and
/// cancelled_at are both null; the partial index on due_at is what the poller claims from.
/// </summary>
public static class TimerTable
{
    public const string Name = "escalation_timers";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("activation_id").NotNull();
        table.AddColumn("kind", "varchar(64)").NotNull();
        table.AddColumn("target", "varchar(200)");
        table.AddColumn("due_at", "timestamptz").NotNull();
        table.AddColumn("scheduled_at", "timestamptz").NotNull();
        table.AddColumn("fired_at", "timestamptz");
        table.AddColumn("cancelled_at", "timestamptz");
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_pending_due") { Columns = ["due_at"], Predicate = "fired_at is null and cancelled_at is null" });
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_activation") { Columns = ["activation_id"] });
        return table;
    }
}
