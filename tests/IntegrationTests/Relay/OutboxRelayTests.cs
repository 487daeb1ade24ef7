using Cers.Dispatch.Contracts;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.Testing;
using Marten;
using Marten.Services;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Cers.Dispatch.IntegrationTests.Relay;

public sealed record RelayedNote(Guid NoteId, string Text);

public sealed record RelayedRead(Guid NoteId, string ReadBy);


/// <summary>
/// The outbox relay as a service runs it: a Marten store in a schema of its own, the relay queue its trigger fills,
/// the leader lock, and MassTransit over the real RabbitMQ.
/// </summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private readonly string schema = $"t_relay_{Guid.NewGuid():N}"[..24];
    private IHost host = null!;

    private IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync() => host = await StartInstanceAsync();

    private async Task<IHost> StartInstanceAsync(IContractMap? map = null, IRelayGate? gate = null, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = LocalInfrastructure.MartenConnectionString,
            ["RabbitMq:Port"] = LocalInfrastructure.RabbitMqPort,
            ["RabbitMq:VirtualHost"] = LocalInfrastructure.RabbitMqVirtualHost,
        });
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.AddCersMessaging();
        builder.Services.AddSingleton(map ?? new NotesOnly());
        if (gate is not null)
        {
            builder.Services.AddSingleton(gate);
        }

        builder.AddCersMarten(schema, options =>
        {
            options.Events.MapEventType<NoteWritten>("note_written");
            options.Events.MapEventType<NoteRead>("note_read");
        }).AddContractPublisher();
        var instance = builder.Build();
        await instance.StartAsync();
        return instance;
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        await using var drop = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
        host.Dispose();
    }

    [Fact]
    public async Task An_event_whose_transaction_commits_after_a_later_ones_is_relayed_too_each_with_its_stored_id_as_MessageId_and_its_place_in_the_store()
    {
        await using var probe = await BusProbe.ListenAsync<RelayedNote>(host.Services.GetRequiredService<IBus>());
        var slow = new NoteWritten(Guid.NewGuid(), "appended first, committed last");
        var fast = new NoteWritten(Guid.NewGuid(), "appended second, committed first");

        await using var connection = await host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var slowTransaction = await connection.BeginTransactionAsync();
        await using (var slowSession = Store.LightweightSession(SessionOptions.ForTransaction(slowTransaction)))
        {
            slowSession.Events.StartStream(slow.NoteId, slow);
            await slowSession.SaveChangesAsync();
        }

        await AppendAsync(fast);
        await probe.FirstAsync(n => n.NoteId == fast.NoteId, "the note committed first");
        await slowTransaction.CommitAsync();
        await probe.FirstAsync(n => n.NoteId == slow.NoteId, "the note whose lower sequence number committed later");

        await using var session = Store.QuerySession();
        foreach (var note in new[] { slow, fast })
        {
            var stored = (await session.Events.FetchStreamAsync(note.NoteId)).Single();
            probe.Received.Where(c => c.Message.NoteId == note.NoteId).Select(c => c.MessageId).Should().AllBeEquivalentTo(stored.Id);
            probe.Received.Where(c => c.Message.NoteId == note.NoteId).Select(c => c.Headers.Get<long>(WhereStored.SequenceHeader, null))
                .Should().AllBeEquivalentTo(stored.Sequence, "a record kept from several services' messages puts each service's back in the order it stored them");
        }

        (await Eventually.GetAsync(async () => await PendingAsync() == 0 ? "empty" : null, what: "the relay queue to empty"))
            .Should().Be("empty", "what the broker confirmed is forgotten");
    }

    [Fact]
    public async Task A_service_that_holds_its_relay_gate_publishes_nothing_until_it_lets_the_page_go()
    {
        var gate = new HeldGate();
        using var held = await StartInstanceAsync(gate: gate);
        await using var probe = await BusProbe.ListenAsync<RelayedNote>(held.Services.GetRequiredService<IBus>());
        var note = new NoteWritten(Guid.NewGuid(), "held while the phone line is busy");
        // The first instance stops relaying, so the one with the gate leads.
        await host.Services.GetServices<IHostedService>().OfType<LeaderElectedRelay>().Single().StopAsync(CancellationToken.None);
        await gate.AskedAsync();

        await AppendAsync(note);
        await Task.Delay(TimeSpan.FromSeconds(1));
        probe.Received.Should().BeEmpty("the relay waits at its gate");

        gate.LetGo();
        await probe.FirstAsync(n => n.NoteId == note.NoteId, note.Text);
    }

    /// <summary>A gate the test holds shut until it lets go, as intake's is held while a burst of calls is answered.</summary>
    private sealed class HeldGate : IRelayGate
    {
        private readonly TaskCompletionSource asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask BeforePageAsync(CancellationToken cancellationToken)
        {
            asked.TrySetResult();
            await open.Task.WaitAsync(cancellationToken);
        }

        public Task AskedAsync() => asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void LetGo() => open.TrySetResult();
    }

    [Fact]
    public async Task Events_appended_while_no_instance_relays_are_published_when_one_leads_again()
    {
        await using var probe = await BusProbe.ListenAsync<RelayedNote>(host.Services.GetRequiredService<IBus>());
        var relay = host.Services.GetServices<IHostedService>().OfType<LeaderElectedRelay>().Single();
        await relay.StopAsync(CancellationToken.None);

        var notes = Enumerable.Range(1, 20).Select(i => new NoteWritten(Guid.NewGuid(), $"note {i}")).ToList();
        foreach (var note in notes)
        {
            await AppendAsync(note);
        }

        (await PendingAsync()).Should().Be(20, "nothing relays, so everything waits");
        probe.Received.Should().BeEmpty();

        await relay.StartAsync(CancellationToken.None);
        foreach (var note in notes)
        {
            await probe.FirstAsync(n => n.NoteId == note.NoteId, note.Text);
        }
    }

    [Fact]
    public async Task A_relay_that_stops_forgets_what_it_published_so_the_next_to_lead_does_not_publish_it_again()
    {
        await using var probe = await BusProbe.ListenAsync<RelayedNote>(host.Services.GetRequiredService<IBus>());
        var relay = host.Services.GetServices<IHostedService>().OfType<LeaderElectedRelay>().Single();
        var note = new NoteWritten(Guid.NewGuid(), "published, then the relay stops");

        await AppendAsync(note);
        await probe.FirstAsync(n => n.NoteId == note.NoteId, note.Text);
        await relay.StopAsync(CancellationToken.None);

        (await PendingAsync()).Should().Be(0, "what the broker confirmed is forgotten as the relay stops, not left for the next read");
        await relay.StartAsync(CancellationToken.None);
        await AppendAsync(new NoteWritten(Guid.NewGuid(), "after the relay leads again"));
        await probe.FirstAsync(n => n.Text == "after the relay leads again", "the next note");
        probe.Received.Count(c => c.Message.NoteId == note.NoteId).Should().Be(1, "the note is published once");
    }

    [Fact]
    public async Task Another_instance_starting_on_the_schema_leaves_the_queue_filling_so_later_events_still_go_on_the_bus()
    {
        using var second = await StartInstanceAsync();
        await using var probe = await BusProbe.ListenAsync<RelayedNote>(host.Services.GetRequiredService<IBus>());
        var note = new NoteWritten(Guid.NewGuid(), "after the second instance migrated the schema");

        await AppendAsync(note);

        await probe.FirstAsync(n => n.NoteId == note.NoteId, note.Text);
        await second.StopAsync();
    }

    [Fact]
    public async Task A_relay_that_stops_leading_lets_another_instance_lead_while_its_connections_stay_in_the_pool()
    {
        await Eventually.GetAsync(async () => await LeadersAsync() > 0 ? "leading" : null, what: "the relay to take its lock");
        var relay = host.Services.GetServices<IHostedService>().OfType<LeaderElectedRelay>().Single();

        await relay.StopAsync(CancellationToken.None);

        (await LeadersAsync()).Should().Be(0, "the instance that stopped relaying holds no lock, though its pool is still open");
        await using var otherInstance = await NpgsqlDataSource.Create(LocalInfrastructure.MartenConnectionString).OpenConnectionAsync();
        await using var tryToLead = LeaderElectedRelay.LockCommand("pg_try_advisory_lock", otherInstance, LeaderElectedRelay.LockKey(schema));
        ((bool)(await tryToLead.ExecuteScalarAsync())!).Should().BeTrue("another instance can take over the relay at once");
    }

    [Fact]
    public async Task An_event_no_other_service_hears_of_is_never_queued_so_its_transaction_does_not_wake_the_relay()
    {
        var relay = host.Services.GetServices<IHostedService>().OfType<LeaderElectedRelay>().Single();
        await relay.StopAsync(CancellationToken.None);
        var note = new NoteWritten(Guid.NewGuid(), "told");

        await AppendAsync(note);
        await AppendAsync(new NoteRead(note.NoteId, "Ann"));

        (await PendingAsync()).Should().Be(1, "only the note other services hear of waits for the relay");
    }

    [Fact]
    public async Task A_new_version_that_tells_one_more_event_queues_it_from_the_moment_it_has_started()
    {
        using var newVersion = await StartInstanceAsync(new NotesAndReads());
        await host.StopAsync();
        await using var probe = await BusProbe.ListenAsync<RelayedRead>(newVersion.Services.GetRequiredService<IBus>());
        var note = new NoteWritten(Guid.NewGuid(), "told");

        await using (var session = newVersion.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream(note.NoteId, note, new NoteRead(note.NoteId, "Ann"));
            await session.SaveChangesAsync();
        }

        (await probe.FirstAsync(r => r.NoteId == note.NoteId, "the read, told since the new version")).ReadBy.Should().Be("Ann");
        await newVersion.StopAsync();
    }

    [Fact]
    public async Task A_service_that_tells_news_gives_its_read_models_a_seconds_messages_in_one_in_the_order_they_were_stored()
    {
        using var withNews = await InsteadOfTheHostAsync(new NotesWithNews());
        var bus = withNews.Services.GetRequiredService<IBus>();
        await using var news = await BusProbe.ListenAsync<News<RelayedNote>>(bus);
        await using var notes = await BusProbe.ListenAsync<RelayedNote>(bus);
        var written = Enumerable.Range(1, 3).Select(i => new NoteWritten(Guid.NewGuid(), $"note {i}")).ToList();

        await JustAfterTheTurnOfASecondAsync(withNews);
        foreach (var note in written)
        {
            await AppendAsync(note, withNews);
        }

        await AppendAsync(new NoteRead(written[0].NoteId, "Ann"), withNews);
        foreach (var note in written)
        {
            await notes.FirstAsync(n => n.NoteId == note.NoteId, $"{note.Text} on its own, for the services that act on it");
        }

        var told = await news.FirstAsync(n => n.Items.Count > 0, "the news");
        await Task.Delay(LeaderElectedRelay.NewsEvery * 2);
        news.Received.Should().ContainSingle("the three commits came within one second");
        told.Items.Select(item => item.Message.Text).Should().Equal(["note 1", "note 2", "note 3"], "the news lists what was told in the order it was stored, and not the read, which no read model hears of");
        await using var session = withNews.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var (item, note) in told.Items.Zip(written))
        {
            item.MessageId.Should().Be((await session.Events.FetchStreamAsync(note.NoteId))[0].Id, "an item keeps the id its message has on its own");
        }

        (await Eventually.GetAsync(async () => await PendingAsync(RelayQueue.NewsTableName, withNews) == 0 ? "empty" : null, what: "the news queue to empty"))
            .Should().Be("empty", "what the broker confirmed is forgotten");
        await withNews.StopAsync();
    }

    [Fact]
    public async Task News_not_yet_told_when_the_relay_stops_is_told_by_the_next_to_lead()
    {
        // The relay's clock stands in the middle of a second until the relay has stopped, so the turn of the second
        // cannot come first, however long the instance takes to lead; then it goes as the system's.
        var clock = new SetByHand(new DateTimeOffset(2026, 12, 7, 9, 0, 0, 500, TimeSpan.Zero));
        using var withNews = await InsteadOfTheHostAsync(new NotesWithNews(), time: clock);
        var bus = withNews.Services.GetRequiredService<IBus>();
        await using var news = await BusProbe.ListenAsync<News<RelayedNote>>(bus);
        await using var notes = await BusProbe.ListenAsync<RelayedNote>(bus);
        var relay = withNews.Services.GetServices<IHostedService>().OfType<LeaderElectedRelay>().Single();
        var note = new NoteWritten(Guid.NewGuid(), "published on its own, then the relay stopped");

        await AppendAsync(note, withNews);
        await notes.FirstAsync(n => n.NoteId == note.NoteId, note.Text);
        await relay.StopAsync(CancellationToken.None);

        news.Received.Should().BeEmpty("the relay stopped before the turn of the second");
        (await PendingAsync(RelayQueue.NewsTableName, withNews)).Should().Be(1, "the note waits for its news");
        clock.FollowTheSystemClock();
        await relay.StartAsync(CancellationToken.None);
        (await news.FirstAsync(n => n.Items.Any(item => item.Message.NoteId == note.NoteId), "the note in the next leader's news"))
            .Items.Should().ContainSingle();
        notes.Received.Count(c => c.Message.NoteId == note.NoteId).Should().Be(1, "what went on its own does not go again");
        await withNews.StopAsync();
    }

    [Fact]
    public async Task News_due_less_than_a_millisecond_after_the_relay_looks_still_goes_without_waiting_for_another_event()
    {
        // The relay's clock stands still half a millisecond before the turn of a second, so every wait it works out for the
        // news is under a millisecond.
        var turnOfASecond = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        using var withNews = await InsteadOfTheHostAsync(new NotesWithNews(), time: new SetByHand(turnOfASecond - TimeSpan.FromMicroseconds(500)));
        await using var news = await BusProbe.ListenAsync<News<RelayedNote>>(withNews.Services.GetRequiredService<IBus>());
        var note = new NoteWritten(Guid.NewGuid(), "the only event for a while");

        await AppendAsync(note, withNews);

        await news.FirstAsync(n => n.Items.Any(item => item.Message.NoteId == note.NoteId), "the note's news with no event after it");
        await withNews.StopAsync();
    }

    [Fact]
    public async Task News_gathered_before_the_turn_of_a_second_goes_at_that_turn_when_the_relay_reads_a_page_across_it()
    {
        // The relay's clock stands before the turn of a second while it publishes the first note and gathers its news,
        // then just after the turn as the second note is stored: the page holding it is read after the turn, and the
        // news gathered before is due, though the next turn is a second away (the clock stands still there).
        var turnOfASecond = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var clock = new SetByHand(turnOfASecond - TimeSpan.FromMilliseconds(900));
        using var withNews = await InsteadOfTheHostAsync(new NotesWithNews(), time: clock);
        var bus = withNews.Services.GetRequiredService<IBus>();
        await using var news = await BusProbe.ListenAsync<News<RelayedNote>>(bus);
        await using var notes = await BusProbe.ListenAsync<RelayedNote>(bus);
        var before = new NoteWritten(Guid.NewGuid(), "told before the turn of a second");

        await AppendAsync(before, withNews);
        await notes.FirstAsync(n => n.NoteId == before.NoteId, "the first note on its own");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        news.Received.Should().BeEmpty("the turn of the second has not come on the relay's clock");
        clock.MoveTo(turnOfASecond + TimeSpan.FromMilliseconds(5));
        await AppendAsync(new NoteWritten(Guid.NewGuid(), "told just after it"), withNews);

        await news.FirstAsync(n => n.Items.Any(item => item.Message.NoteId == before.NoteId), "the first note's news at the turn it was gathered before");
        await withNews.StopAsync();
    }

    [Fact]
    public async Task A_message_only_read_models_take_goes_in_the_news_and_not_on_its_own()
    {
        using var withNews = await InsteadOfTheHostAsync(new NotesInNewsOnly());
        var bus = withNews.Services.GetRequiredService<IBus>();
        await using var news = await BusProbe.ListenAsync<News<RelayedNote>>(bus);
        await using var notes = await BusProbe.ListenAsync<RelayedNote>(bus);
        await using var reads = await BusProbe.ListenAsync<RelayedRead>(bus);
        var note = new NoteWritten(Guid.NewGuid(), "for the read models only");

        await AppendAsync(note, withNews);
        await AppendAsync(new NoteRead(note.NoteId, "Ann"), withNews);

        await news.FirstAsync(n => n.Items.Any(item => item.Message.NoteId == note.NoteId), "the note in the news");
        await reads.FirstAsync(r => r.NoteId == note.NoteId, "the read stored after it, on its own");
        notes.Received.Should().BeEmpty("no service acts on a note, so it is not published on its own");
        await withNews.StopAsync();
    }

    /// <summary>An instance telling what <paramref name="map"/> says, relaying alone: the test's first instance is stopped.</summary>
    private async Task<IHost> InsteadOfTheHostAsync(IContractMap map, TimeProvider? time = null)
    {
        var instance = await StartInstanceAsync(map, time: time);
        await host.StopAsync();
        return instance;
    }

    [Fact]
    public void A_message_told_only_in_the_news_goes_on_its_own_when_the_news_does_not_carry_it()
    {
        new NotesInNewsOnly().TellsOnItsOwn(new RelayedNote(Guid.NewGuid(), "in the news")).Should().BeFalse();
        new ReadsOnlyInNotesNews().TellsOnItsOwn(new RelayedRead(Guid.NewGuid(), "Ann"))
            .Should().BeTrue("a read is not of the notes' news: told only there, it would be told to no one");
    }

    /// <summary>A clock that stands where it is set until it is moved, or told to follow the system's.</summary>
    private sealed class SetByHand(DateTimeOffset now) : TimeProvider
    {
        private const long TheSystemClock = 0;

        private long ticks = now.UtcTicks;

        public void MoveTo(DateTimeOffset now) => Interlocked.Exchange(ref ticks, now.UtcTicks);

        public void FollowTheSystemClock() => Interlocked.Exchange(ref ticks, TheSystemClock);

        public override DateTimeOffset GetUtcNow() =>
            Interlocked.Read(ref ticks) is var set && set != TheSystemClock ? new(set, TimeSpan.Zero) : System.GetUtcNow();
    }

    /// <summary>So that a few quick commits fall within one second of the news.</summary>
    private static Task JustAfterTheTurnOfASecondAsync(IHost instance)
    {
        var relaysBy = instance.Services.GetRequiredService<TimeProvider>();
        return Task.Delay(TimeSpan.FromMilliseconds(1_050 - relaysBy.GetUtcNow().Millisecond), relaysBy);
    }

    private Task AppendAsync(object noteEvent) => AppendAsync(noteEvent, host);

    private static async Task AppendAsync(object noteEvent, IHost instance)
    {
        var store = instance.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        session.Events.Append(noteEvent is NoteWritten written ? written.NoteId : ((NoteRead)noteEvent).NoteId, noteEvent);
        await session.SaveChangesAsync();
    }

    private Task<long> PendingAsync() => PendingAsync(RelayQueue.TableName, host);

    private async Task<long> PendingAsync(string table, IHost instance)
    {
        await using var count = instance.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"SELECT count(*) FROM {schema}.{table}");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<long> LeadersAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(LocalInfrastructure.MartenConnectionString);
        await using var count = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 2");
        count.Parameters.Add(new NpgsqlParameter { Value = (long)LeaderElectedRelay.RelayLockSpace });
        count.Parameters.Add(new NpgsqlParameter { Value = (long)(uint)LeaderElectedRelay.LockKey(schema) });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public sealed record NoteWritten(Guid NoteId, string Text);

    public sealed record NoteRead(Guid NoteId, string ReadBy);

    private sealed class NotesOnly : EventContracts
    {
        public NotesOnly() => Tell<NoteWritten>(note => new RelayedNote(note.NoteId, note.Text));
    }

    private sealed class NotesWithNews : EventContracts
    {
        public NotesWithNews()
        {
            Tell<NoteWritten>(note => new RelayedNote(note.NoteId, note.Text));
            Tell<NoteRead>(read => new RelayedRead(read.NoteId, read.ReadBy));
            TellNews<RelayedNote>();
        }
    }

    private sealed class NotesInNewsOnly : EventContracts
    {
        public NotesInNewsOnly()
        {
            TellOnlyInNews<NoteWritten, RelayedNote>(note => new RelayedNote(note.NoteId, note.Text));
            Tell<NoteRead>(read => new RelayedRead(read.NoteId, read.ReadBy));
            TellNews<RelayedNote>();
        }
    }

    private sealed class ReadsOnlyInNotesNews : EventContracts
    {
        public ReadsOnlyInNotesNews()
        {
            Tell<NoteWritten>(note => new RelayedNote(note.NoteId, note.Text));
            TellOnlyInNews<NoteRead, RelayedRead>(read => new RelayedRead(read.NoteId, read.ReadBy));
            TellNews<RelayedNote>();
        }
    }

    private sealed class NotesAndReads : EventContracts
    {
        public NotesAndReads()
        {
            Tell<NoteWritten>(note => new RelayedNote(note.NoteId, note.Text));
            Tell<NoteRead>(read => new RelayedRead(read.NoteId, read.ReadBy));
        }
    }
}
