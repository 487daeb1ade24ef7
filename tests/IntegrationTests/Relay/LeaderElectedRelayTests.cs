using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Cers.Dispatch.IntegrationTests.Relay;

/// <summary>
/// The services' pooled connections are not reset when they go back to the pool, so the relay's leader lock must be let
/// go of by hand: otherwise an idle connection in the pool would keep it, and no other instance would ever relay.
/// </summary>
public sealed class LeaderElectedRelayTests
{
    [Fact]
    public async Task A_relay_that_stops_leading_lets_another_instance_lead_while_its_connections_stay_in_the_pool()
    {
        var schema = $"t_relay_{Guid.NewGuid():N}"[..24];
        await using var dataSource = MartenSetup.BuildDataSource(LocalInfrastructure.MartenConnectionString);
        using var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = schema;
            options.Events.DatabaseSchemaName = schema;
        });
        try
        {
            var relay = new LeaderElectedRelay(store, dataSource, TimeProvider.System, NullLogger<LeaderElectedRelay>.Instance);
            await relay.StartAsync(CancellationToken.None);
            await Eventually.GetAsync(async () => await LeadersOfAsync(schema) > 0 ? "leading" : null, what: "the relay to take its lock");

            await relay.StopAsync(CancellationToken.None);

            (await LeadersOfAsync(schema)).Should().Be(0, "the instance that stopped relaying holds no lock, though its pool is still open");
            await using var otherInstance = await NpgsqlDataSource.Create(LocalInfrastructure.MartenConnectionString).OpenConnectionAsync();
            await using var tryToLead = LeaderElectedRelay.LockCommand("pg_try_advisory_lock", otherInstance, LeaderElectedRelay.LockKey(schema));
            ((bool)(await tryToLead.ExecuteScalarAsync())!).Should().BeTrue("another instance can take over the relay at once");
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> LeadersOfAsync(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(LocalInfrastructure.MartenConnectionString);
        await using var count = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 2");
        count.Parameters.Add(new NpgsqlParameter { Value = (long)LeaderElectedRelay.RelayLockSpace });
        count.Parameters.Add(new NpgsqlParameter { Value = (long)(uint)LeaderElectedRelay.LockKey(schema) });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
