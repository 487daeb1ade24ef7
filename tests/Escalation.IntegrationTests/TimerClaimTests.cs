using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.Testing;
using Marten;
using Npgsql;
using NodaTime;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>
/// Two pollers claiming due timers at the same moment, on a timer table of its own (no service polls it). When the
/// clock jumps past several of an activation's timers (a 12-hour, 4-hour and 1-hour warning and the limit), the poller
/// that claims one of them must claim them all: decided apart, each on the state before the other's, a warning would be
/// recorded after the breach it warned of.
/// </summary>
public sealed class TimerClaimTests : IAsyncLifetime
{
    private readonly string schema = $"t_{Guid.NewGuid().ToString("N")[..8]}_timerclaim";
    private readonly Instant now = Instant.FromUtc(2026, 11, 26, 12, 0);
    private NpgsqlDataSource dataSource = null!;
    private DocumentStore store = null!;
    private TimerStore timers = null!;

    public async Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(LocalInfrastructure.MartenConnectionString);
        store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = schema;
            options.Storage.ExtendedSchemaObjects.Add(TimerTable.Define(schema));
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        timers = new TimerStore(store, dataSource, new Timers.Firing.TimerWake());
    }

    public async Task DisposeAsync()
    {
        store.Dispose();
        await dataSource.DisposeAsync();
        await Schemas.DropAsync(schema);
    }

    [Fact]
    public async Task A_poller_claims_all_of_an_activations_due_timers_and_a_poller_beside_it_claims_none_of_them()
    {
        var breached = Guid.NewGuid();
        var warnings = new[] { 12, 4, 1 }.Select(hours => Timer(breached, "cover-warning", now - Duration.FromHours(hours + 1))).ToList();
        var limit = Timer(breached, "cover-limit", now - Duration.FromMinutes(30));
        var other = Timer(Guid.NewGuid(), "offer-deadline", now - Duration.FromHours(2));
        var notYetDue = Timer(breached, "cover-escalation", now + Duration.FromMinutes(30));
        await ScheduleAsync([.. warnings, limit, other, notYetDue]);

        await using var first = await ClaimingAsync();
        var firstClaim = await timers.ClaimDueAsync(first.Connection, first.Transaction, now, batchSize: 1, CancellationToken.None);
        await using var second = await ClaimingAsync();
        var secondClaim = await timers.ClaimDueAsync(second.Connection, second.Transaction, now, batchSize: 10, CancellationToken.None);

        firstClaim.Select(t => t.TimerId).Should().Equal([.. warnings.Select(w => w.TimerId), limit.TimerId], "the activation's due timers, in the order they came due");
        secondClaim.Select(t => t.TimerId).Should().Equal([other.TimerId], "the other activation only; the timer not yet due stays pending");
    }

    [Fact]
    public async Task Timers_claimed_by_a_poller_whose_transaction_rolls_back_are_claimed_again()
    {
        var activationId = Guid.NewGuid();
        var due = new[] { Timer(activationId, "cover-warning", now - Duration.FromHours(1)), Timer(activationId, "cover-limit", now) };
        await ScheduleAsync(due);

        await using (var failed = await ClaimingAsync())
        {
            (await timers.ClaimDueAsync(failed.Connection, failed.Transaction, now, 10, CancellationToken.None)).Should().HaveCount(2);
            await failed.Transaction.RollbackAsync();
        }

        await using var retry = await ClaimingAsync();
        (await timers.ClaimDueAsync(retry.Connection, retry.Transaction, now, 10, CancellationToken.None))
            .Select(t => t.TimerId).Should().Equal(due.Select(t => t.TimerId));
    }

    private static DurableTimer Timer(Guid activationId, string kind, Instant dueAt) => new(Guid.NewGuid(), activationId, kind, dueAt, null);

    private async Task ScheduleAsync(IEnumerable<DurableTimer> scheduled)
    {
        await using var session = store.LightweightSession();
        foreach (var timer in scheduled)
        {
            timers.QueueSchedule(session, timer, now - Duration.FromDays(2));
        }

        await session.SaveChangesAsync();
    }

    private async Task<Claiming> ClaimingAsync()
    {
        var connection = await dataSource.OpenConnectionAsync();
        return new Claiming(connection, await connection.BeginTransactionAsync());
    }

    private sealed record Claiming(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
