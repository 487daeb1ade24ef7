using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Work due at once is written leased to the instance that decided it and handed to its runners in memory. These prove
/// that it is still done exactly once, and done by another instance when the one that decided it stops first.
/// </summary>
public sealed class OwedWorkTests
{
    [Fact]
    public async Task An_SMS_owed_by_an_instance_that_stopped_before_sending_it_is_sent_by_another_once_its_lease_runs_out()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            // A queue no runner takes from: the instance that wrote through it stopped right after its decision committed.
            var stopped = new WorkQueue(fixture.Store, fixture.Rostering.Services.GetRequiredService<NpgsqlDataSource>(), new WorkSignal(), TimeProvider.System)
            {
                LeaseForWorkDoneOutside = WorkQueue.StartedLease,
            };
            var messageId = Guid.NewGuid();
            await using (var session = fixture.Store.LightweightSession())
            {
                stopped.Send(session, messageId, null, new OutgoingMessage(MessageChannel.Sms, "+447700900311", "CERS: owed before the instance stopped", "test", messageId), fixture.Clock.GetCurrentInstant());
                await session.SaveChangesAsync();
            }

            await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.Body == "CERS: owed before the instance stopped")),
                within: WorkQueue.StartedLease + TimeSpan.FromSeconds(30), what: "the owed SMS, sent by the instance still running");
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            var record = await Eventually.GetAsync(
                async () => await queue.FindAsync(messageId, CancellationToken.None) is { DoneAt: not null } done ? done : null, what: "the SMS recorded as sent");
            record.Outcome.Should().NotStartWith("cancelled");
        });
    }

    [Fact]
    public async Task A_secret_SMS_nobody_asked_to_hear_about_is_recorded_as_sent_with_its_sid_and_its_text_dropped()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            var messageId = Guid.NewGuid();
            await using (var session = fixture.Store.LightweightSession())
            {
                queue.Send(session, messageId, null, new OutgoingMessage(MessageChannel.Sms, "+447700900313", "CERS: the plan is at a secret link", "test", messageId, Secret: true), fixture.Clock.GetCurrentInstant());
                await session.SaveChangesAsync();
            }

            var sent = await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.Body == "CERS: the plan is at a secret link")), what: "the owed SMS");
            var record = await Eventually.GetAsync(
                async () => await queue.FindAsync(messageId, CancellationToken.None) is { DoneAt: not null } done ? done : null, what: "the SMS recorded as sent");
            record.Outcome.Should().Be(SendingMessages.SentOutcome("twilio", sent.Sid));
            record.Item.Read<OutgoingMessage>().Text.Should().Be(OutgoingMessage.SecretNotKept, "a secret's text is not kept once it has gone");
            fixture.Twilio.Messages.Where(m => m.To == "+447700900313").Should().ContainSingle();
        });
    }

    [Fact]
    public async Task An_SMS_owed_twice_under_one_id_as_a_webhook_delivered_again_would_owe_it_is_sent_once()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            var messageId = Guid.NewGuid();
            var reply = new OutgoingMessage(MessageChannel.Sms, "+447700900314", "CERS: your text is recorded", "reply", messageId);
            foreach (var _ in new[] { "delivered", "delivered again" })
            {
                await using var session = fixture.Store.LightweightSession();
                queue.Send(session, messageId, null, reply, fixture.Clock.GetCurrentInstant());
                await session.SaveChangesAsync();
            }

            await Eventually.GetAsync(
                async () => await queue.FindAsync(messageId, CancellationToken.None) is { DoneAt: not null } done ? done : null, what: "the reply recorded as sent");
            // Long enough for the work handed over the second time to have been done, had it been.
            await Task.Delay(TimeSpan.FromSeconds(1));
            fixture.Twilio.Messages.Where(m => m.To == "+447700900314").Should().ContainSingle("the reply was owed once, under one id");
        });
    }

    [Fact]
    public async Task A_runner_whose_lease_ran_out_cannot_put_an_SMS_back_under_the_runner_that_took_it_since()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            var dataSource = fixture.Rostering.Services.GetRequiredService<NpgsqlDataSource>();
            var messageId = Guid.NewGuid();
            await using (var session = fixture.Store.LightweightSession())
            {
                // Due tomorrow on the service's clock: no runner here takes it, the test plays both runners.
                queue.Schedule(
                    session, messageId, OutgoingKinds.Send, null,
                    new OutgoingMessage(MessageChannel.Sms, "+447700900315", "CERS: sent once whoever fails", "test", messageId),
                    fixture.Clock.GetCurrentInstant() + Duration.FromDays(1), fixture.Clock.GetCurrentInstant());
                await session.SaveChangesAsync();
            }

            var item = (await queue.FindAsync(messageId, CancellationToken.None))!.Item;
            var firstLease = await LeaseAsync(dataSource, queue, messageId, TimeSpan.FromSeconds(-1));
            var secondLease = await LeaseAsync(dataSource, queue, messageId, TimeSpan.FromMinutes(1));

            var putBack = await queue.PutBackAsync(item, firstLease, "Twilio answered 503", TimeSpan.FromMilliseconds(100), CancellationToken.None);

            putBack.Should().BeFalse("the first runner's lease had run out and the second runner holds the SMS");
            (await LeaseOfAsync(dataSource, queue, messageId)).Should().Be(secondLease, "the second runner keeps its lease, so no third runner sends the SMS again");
            var record = (await queue.FindAsync(messageId, CancellationToken.None))!;
            record.LastError.Should().BeNull();
            record.Item.Attempts.Should().Be(0);

            (await queue.PutBackAsync(item, secondLease, "Twilio answered 503", TimeSpan.FromMilliseconds(100), CancellationToken.None))
                .Should().BeTrue("the runner holding the lease failed, so the SMS is tried again after the pause");
            record = (await queue.FindAsync(messageId, CancellationToken.None))!;
            record.LastError.Should().Be("Twilio answered 503");
            record.Item.Attempts.Should().Be(1);
        });
    }

    /// <summary>
    /// An SMS sent outside a transaction has its outcome stored by a later statement, which skips a row another
    /// transaction holds rather than wait for it. Skipped, the outcome must be tried again, not dropped: dropped, the item
    /// would stay pending until its lease ran out, and another runner would send the SMS a second time.
    /// </summary>
    [Fact]
    public async Task An_SMS_whose_row_was_held_when_its_outcome_came_is_recorded_once_the_row_is_free_and_is_not_sent_again()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            var dataSource = fixture.Rostering.Services.GetRequiredService<NpgsqlDataSource>();
            var messageId = Guid.NewGuid();
            const string to = "+447700900316";
            await using var otherTransaction = await dataSource.OpenConnectionAsync();
            NpgsqlTransaction? holding = null;
            fixture.Twilio.WhenAccepted = sms =>
            {
                if (sms.To == to && holding is null)
                {
                    // Before Twilio's answer reaches the sender: whatever stores the outcome finds the row held.
                    holding = otherTransaction.BeginTransaction();
                    using var hold = new NpgsqlCommand($"SELECT 1 FROM {queue.Table} WHERE id = $1 FOR UPDATE", otherTransaction, holding);
                    hold.Parameters.Add(new NpgsqlParameter { Value = messageId });
                    hold.ExecuteScalar();
                }
            };
            await using (var session = fixture.Store.LightweightSession())
            {
                queue.Send(session, messageId, null, new OutgoingMessage(MessageChannel.Sms, to, "CERS: recorded once the row is free", "test", messageId), fixture.Clock.GetCurrentInstant());
                await session.SaveChangesAsync();
            }

            var sent = await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == to)), what: "the SMS");
            // Several tries to store the outcome, each skipping the held row.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            (await queue.FindAsync(messageId, CancellationToken.None))!.DoneAt.Should().BeNull("the row is held, so the outcome is not stored yet");

            await holding!.RollbackAsync();
            var record = await Eventually.GetAsync(
                async () => await queue.FindAsync(messageId, CancellationToken.None) is { DoneAt: not null } done ? done : null,
                within: TimeSpan.FromSeconds(10), what: "the SMS recorded as sent once the row is free");
            record.Outcome.Should().Be(SendingMessages.SentOutcome("twilio", sent.Sid));
            fixture.Twilio.Messages.Where(m => m.To == to).Should().ContainSingle("the SMS went once");
        });
    }

    /// <summary>What a runner's claim does to an item's row: leases it until <paramref name="fromNow"/> from now (a lease in the past has run out).</summary>
    private static async Task<DateTime> LeaseAsync(NpgsqlDataSource dataSource, WorkQueue queue, Guid id, TimeSpan fromNow)
    {
        await using var command = dataSource.CreateCommand($"UPDATE {queue.Table} SET retry_after = clock_timestamp() + $2 WHERE id = $1 RETURNING retry_after");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = fromNow });
        return (DateTime)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<DateTime> LeaseOfAsync(NpgsqlDataSource dataSource, WorkQueue queue, Guid id)
    {
        await using var command = dataSource.CreateCommand($"SELECT retry_after FROM {queue.Table} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (DateTime)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Many_SMS_owed_by_one_decision_are_each_sent_once_with_two_instances_running()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            var owed = Enumerable.Range(0, 20).Select(i => (Id: Guid.NewGuid(), Body: $"CERS: owed message {i}")).ToList();
            await using (var session = fixture.Store.LightweightSession())
            {
                foreach (var (id, body) in owed)
                {
                    queue.Send(session, id, null, new OutgoingMessage(MessageChannel.Sms, "+447700900312", body, "test", id), fixture.Clock.GetCurrentInstant());
                }

                await session.SaveChangesAsync();
            }

            // Within the lease: they were handed over at once, not left for a runner to claim once the lease ran out.
            await Eventually.GetAsync(
                () => Task.FromResult(owed.All(o => fixture.Twilio.Messages.Any(m => m.Body == o.Body)) ? owed : null),
                within: WorkQueue.StartedLease, what: "every owed SMS sent by the instance that owed them");
            // Long enough for a second runner, here or in the other instance, to have sent any of them again.
            await Task.Delay(TimeSpan.FromSeconds(2));
            fixture.Twilio.Messages.Where(m => m.To == "+447700900312").Should().HaveCount(owed.Count, "each owed SMS goes once");
        }, twoInstances: true);
    }
}
