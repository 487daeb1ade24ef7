using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;

namespace Cers.Dispatch.IntegrationTests.Consuming;

/// <param name="AddsToAnOpenTally">Like a step that follows an activation's opening: the tally must have been marked first.</param>
/// <param name="OnItsStream">Recorded as an event on the tally's own stream instead of in the tally document.</param>
public sealed record TallyMarked(
    Guid TallyId, int Amount, bool HoldUntilReleased = false, bool FailAsItWritesOnce = false, bool AddsToAnOpenTally = false, bool OnItsStream = false);

public sealed record Tally(Guid Id, int Total);

public sealed record TallyChanged(Guid TallyId, int Amount);

/// <summary>
/// A read-model consumer on <see cref="GroupCommit"/> as the console and card lookup run theirs: a Marten store in a
/// schema of its own and MassTransit over the real RabbitMQ, with many messages in flight at once.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly string schema = $"t_group_{Guid.NewGuid():N}"[..24];
    private readonly TallyWatch watch = new();
    private IHost host = null!;

    private IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    private IBus Bus => host.Services.GetRequiredService<IBus>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = LocalInfrastructure.MartenConnectionString,
            ["RabbitMq:Port"] = LocalInfrastructure.RabbitMqPort,
            ["RabbitMq:VirtualHost"] = LocalInfrastructure.RabbitMqVirtualHost,
            ["RabbitMq:EndpointPrefix"] = schema,
        });
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddSingleton(TimeProvider.System);
        // Published before the consumer's queue is bound, a message would go nowhere.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.Services.AddSingleton(watch);
        builder.Services.AddGroupCommit();
        builder.AddCersMessaging(bus => bus.AddConsumer<MarkTally, MarkTallyDefinition>());
        builder.AddCersMarten(schema, options => options.Schema.For<Tally>().UseOptimisticConcurrency(true));
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        watch.Release.TrySetResult();
        await host.StopAsync();
        await using var drop = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
        host.Dispose();
    }

    [Fact]
    public async Task Thirty_one_messages_arriving_within_a_linger_or_while_its_commit_is_under_way_are_stored_in_at_most_two_commits()
    {
        var held = new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true);
        await Bus.Publish(held);
        await watch.UntilArrivedAsync(1);
        var others = Enumerable.Range(1, 30).Select(i => new TallyMarked(Guid.NewGuid(), i)).ToList();
        await Bus.PublishBatch(others);
        await watch.UntilArrivedAsync(31);
        // Each arrival is counted just before it joins the queue for the commit.
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        watch.Release.SetResult();
        await watch.UntilCommittedAsync(31);

        foreach (var marked in others.Append(held))
        {
            (await TotalAsync(marked.TallyId)).Should().Be(marked.Amount);
        }

        (await CommitsAsync()).Should().BeInRange(1, 2, "the held message's commit carries those that arrived within its linger, the next one all that came while it was held");
    }

    [Fact]
    public async Task Ten_marks_of_one_tally_arriving_together_are_all_counted_and_the_tally_is_written_once()
    {
        await CountWritesAsync();
        await Bus.Publish(new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true));
        await watch.UntilArrivedAsync(1);
        var tallyId = Guid.NewGuid();
        await Bus.PublishBatch(Enumerable.Range(1, 10).Select(i => new TallyMarked(tallyId, i)));
        await watch.UntilArrivedAsync(11);
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        watch.Release.SetResult();
        await watch.UntilCommittedAsync(11);

        (await TotalAsync(tallyId)).Should().Be(55, "each mark reads the total the one before it left");
        (await WritesAsync(tallyId)).Should().Be(1, "the ten marks share the commit after the held one, and the tally is written once in it");
        watch.Failures.Should().Be(0);
    }

    [Fact]
    public async Task A_message_that_cannot_be_applied_yet_fails_alone_the_others_arriving_with_it_are_stored_and_its_retry_is_stored_too()
    {
        await Bus.Publish(new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true));
        await watch.UntilArrivedAsync(1);
        var refused = new TallyMarked(Guid.NewGuid(), MarkTally.Refused);
        var others = Enumerable.Range(1, 5).Select(i => new TallyMarked(Guid.NewGuid(), i)).ToList();
        await Bus.PublishBatch(others.Prepend(refused));
        await watch.UntilArrivedAsync(7);

        watch.Release.SetResult();
        await watch.UntilCommittedAsync(6);

        foreach (var marked in others)
        {
            (await TotalAsync(marked.TallyId)).Should().Be(marked.Amount);
        }

        await watch.UntilCommittedAsync(7);
        watch.Failures.Should().Be(1);
        (await TotalAsync(refused.TallyId)).Should().Be(MarkTally.Refused, "its retry, alone, is stored");
    }

    [Fact]
    public async Task A_message_that_overtook_its_cause_in_the_same_commit_is_applied_after_it_in_that_commit_without_failing()
    {
        await CountWritesAsync();
        await Bus.Publish(new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true));
        await watch.UntilArrivedAsync(1);
        var tallyId = Guid.NewGuid();
        await Bus.PublishBatch([new TallyMarked(tallyId, 5, AddsToAnOpenTally: true), new TallyMarked(tallyId, 2)]);
        await watch.UntilArrivedAsync(3);

        watch.Release.SetResult();
        await watch.UntilCommittedAsync(3);

        (await TotalAsync(tallyId)).Should().Be(7);
        watch.Failures.Should().Be(0, "the step decided again after its cause, in the same commit, instead of failing and being retried");
        (await WritesAsync(tallyId)).Should().Be(1, "both went in one commit");
    }

    [Fact]
    public async Task A_change_failing_as_it_writes_stores_nothing_of_itself_and_the_others_in_its_commit_are_stored_once()
    {
        await Bus.Publish(new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true));
        await watch.UntilArrivedAsync(1);
        var tallyId = Guid.NewGuid();
        await Bus.PublishBatch([new TallyMarked(tallyId, 5, FailAsItWritesOnce: true), new TallyMarked(tallyId, 1), new TallyMarked(Guid.NewGuid(), 2)]);
        await watch.UntilArrivedAsync(4);
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        watch.Release.SetResult();
        await watch.UntilCommittedAsync(4);

        (await TotalAsync(tallyId)).Should().Be(6, "the failed mark's half-kept change is not stored with the other; its retry counts it once");
        watch.Failures.Should().Be(0, "the others are committed alone, and the failing one's first try is taken again within its commit");
    }

    [Fact]
    public async Task A_message_delivered_again_in_a_commit_with_others_changes_nothing_and_the_others_are_stored()
    {
        var once = new TallyMarked(Guid.NewGuid(), 7);
        var messageId = NewId.NextGuid();
        await Bus.Publish(once, c => c.MessageId = messageId);
        await watch.UntilCommittedAsync(1);

        await Bus.Publish(new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true));
        await watch.UntilArrivedAsync(2);
        await Bus.Publish(once, c => c.MessageId = messageId);
        var others = Enumerable.Range(1, 5).Select(i => new TallyMarked(Guid.NewGuid(), i)).ToList();
        await Bus.PublishBatch(others);
        await watch.UntilArrivedAsync(8);

        watch.Release.SetResult();
        await watch.UntilCommittedAsync(8);

        (await TotalAsync(once.TallyId)).Should().Be(7, "the second delivery of the same message is not counted again");
        foreach (var marked in others)
        {
            (await TotalAsync(marked.TallyId)).Should().Be(marked.Amount);
        }

        watch.Failures.Should().Be(0, "the repeated delivery ends quietly: it was handled before");
    }

    /// <summary>
    /// As two instances would when each is delivered steps of the same activations: this commit writes three tallies
    /// while another writer holds one of them and then asks for another this commit holds. In opposite orders that is a
    /// deadlock, which PostgreSQL breaks after a second by failing one of them.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_commit_and_another_writer_wanting_the_same_tallies_wait_for_each_other_and_neither_fails(bool onStreams)
    {
        var (gate, first, second) = (new Guid("10000000-0000-0000-0000-000000000001"), new Guid("20000000-0000-0000-0000-000000000002"), new Guid("30000000-0000-0000-0000-000000000003"));
        await Bus.PublishBatch(new[] { gate, first, second }.Select(id => new TallyMarked(id, 1, OnItsStream: onStreams)));
        await watch.UntilCommittedAsync(3);
        var rows = onStreams ? "mt_streams" : "mt_doc_tally";
        await using var gateHeld = await LockAsync(rows, gate);
        await using var otherWriter = await LockAsync(rows, second);

        await Bus.Publish(new TallyMarked(Guid.NewGuid(), 1, HoldUntilReleased: true, OnItsStream: onStreams));
        await watch.UntilArrivedAsync(4);
        // Delivered in the opposite order from the other writer's.
        await Bus.PublishBatch(new[] { first, gate, second }.Select(id => new TallyMarked(id, 2, OnItsStream: onStreams)));
        await watch.UntilArrivedAsync(7);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        watch.Release.SetResult();
        await Eventually.GetAsync(CommitWaitingForALockAsync, what: "the commit waiting for the held tally");

        var otherTakesFirst = otherWriter.LockAsync(first);
        await gateHeld.Transaction.CommitAsync();
        await FluentActions.Awaiting(() => otherTakesFirst).Should().NotThrowAsync("the commit takes the tallies in the same order as the other writer, so they do not deadlock");
        await otherWriter.Transaction.CommitAsync();

        await watch.UntilCommittedAsync(7);
        watch.Failures.Should().Be(0);
        foreach (var tally in new[] { gate, first, second })
        {
            (onStreams ? await MarkedOnStreamAsync(tally) : await TotalAsync(tally)).Should().Be(3);
        }
    }

    private async Task<RowsHeld> LockAsync(string rows, Guid id)
    {
        var connection = await host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var held = new RowsHeld(connection, await connection.BeginTransactionAsync(), $"{schema}.{rows}");
        await held.LockAsync(id);
        return held;
    }

    private async Task<string?> CommitWaitingForALockAsync()
    {
        await using var waiting = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1");
        waiting.Parameters.Add(new NpgsqlParameter { Value = $"%{schema}%" });
        return (long)(await waiting.ExecuteScalarAsync())! > 0 ? "waiting" : null;
    }

    /// <summary>A transaction of another writer, holding the rows it has locked until it commits.</summary>
    private sealed class RowsHeld(NpgsqlConnection connection, NpgsqlTransaction transaction, string table) : IAsyncDisposable
    {
        public NpgsqlTransaction Transaction => transaction;

        public async Task LockAsync(Guid id)
        {
            await using var select = new NpgsqlCommand($"SELECT 1 FROM {table} WHERE id = $1 FOR UPDATE", connection, transaction);
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            (await select.ExecuteScalarAsync()).Should().Be(1, $"{id} is stored");
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<int> MarkedOnStreamAsync(Guid tallyId)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.FetchStreamAsync(tallyId)).Sum(e => ((TallyChanged)e.Data).Amount);
    }

    private async Task<int?> TotalAsync(Guid tallyId)
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<Tally>(tallyId))?.Total;
    }

    /// <summary>Every row written to the tallies, counted by a trigger of the test's own.</summary>
    private async Task CountWritesAsync()
    {
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var create = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"""
            CREATE TABLE {schema}.tally_writes (id uuid NOT NULL);
            CREATE FUNCTION {schema}.count_tally_write() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN INSERT INTO {schema}.tally_writes VALUES (NEW.id); RETURN NEW; END $$;
            CREATE TRIGGER count_tally_write AFTER INSERT OR UPDATE ON {schema}.mt_doc_tally
              FOR EACH ROW EXECUTE FUNCTION {schema}.count_tally_write();
            """);
        await create.ExecuteNonQueryAsync();
    }

    private async Task<long> WritesAsync(Guid tallyId)
    {
        await using var count = host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"SELECT count(*) FROM {schema}.tally_writes WHERE id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = tallyId });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Rows stored in one commit share its transaction timestamp, which Marten writes as mt_last_modified.</summary>
    private async Task<long> CommitsAsync()
    {
        await using var count = host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"SELECT count(DISTINCT mt_last_modified) FROM {schema}.mt_doc_tally");
        return (long)(await count.ExecuteScalarAsync())!;
    }
}

public sealed class TallyWatch
{
    private int arrived;
    private int committed;
    private int failures;

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Failures => Volatile.Read(ref failures);

    public void Arrived() => Interlocked.Increment(ref arrived);

    public void Committed() => Interlocked.Increment(ref committed);

    public void Failed() => Interlocked.Increment(ref failures);

    private readonly HashSet<Guid> refusedOnce = [];

    /// <summary>True the first time only: the tally refuses its first mark, as a message that overtook its cause is refused.</summary>
    public bool RefuseFirstTime(Guid tallyId)
    {
        lock (refusedOnce)
        {
            return refusedOnce.Add(tallyId);
        }
    }

    public Task UntilArrivedAsync(int count) =>
        Eventually.GetAsync(() => Task.FromResult(Volatile.Read(ref arrived) >= count ? "arrived" : null), what: $"{count} messages at the consumer");

    public Task UntilCommittedAsync(int count) =>
        Eventually.GetAsync(() => Task.FromResult(Volatile.Read(ref committed) >= count ? "committed" : null), what: $"{count} messages committed");
}

public sealed class MarkTally(GroupCommit commits, TallyWatch watch) : IConsumer<TallyMarked>
{
    public const int Refused = -1;

    public async Task Consume(ConsumeContext<TallyMarked> context)
    {
        var marked = context.Message;
        watch.Arrived();
        try
        {
            await commits.ApplyAsync(context, nameof(MarkTally), async (session, cancellationToken) =>
            {
                if (marked.HoldUntilReleased)
                {
                    await watch.Release.Task;
                }

                var known = await GroupCommit.ReadAsync<Tally>(session, marked.TallyId, cancellationToken);
                if (marked.AddsToAnOpenTally && known is null)
                {
                    throw new TallyNotOpenYetException(marked.TallyId);
                }

                if (marked.Amount == Refused && watch.RefuseFirstTime(marked.TallyId))
                {
                    throw new InvalidOperationException("This tally refuses its first mark.");
                }

                if (marked.OnItsStream)
                {
                    return writing => writing.Events.Append(marked.TallyId, new TallyChanged(marked.TallyId, marked.Amount));
                }

                var changed = new Tally(marked.TallyId, (known?.Total ?? 0) + marked.Amount);
                return writing =>
                {
                    GroupCommit.Keep(writing, marked.TallyId, known, changed);
                    if (marked.FailAsItWritesOnce && watch.RefuseFirstTime(marked.TallyId))
                    {
                        throw new InvalidOperationException("This mark fails as it writes, the first time.");
                    }
                };
            });
        }
        catch
        {
            watch.Failed();
            throw;
        }

        watch.Committed();
    }
}

public sealed class TallyNotOpenYetException(Guid tallyId) : ArrivedBeforeItsCauseException($"Tally {tallyId} is not open yet.");

/// <summary>Enough deliveries in flight at once for them to meet at the commit.</summary>
public sealed class MarkTallyDefinition : ConsumerDefinition<MarkTally>
{
    public MarkTallyDefinition()
    {
        ConcurrentMessageLimit = 64;
        Endpoint(e =>
        {
            e.PrefetchCount = 64;
            e.Temporary = true;
        });
    }
}
