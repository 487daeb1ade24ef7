using Cers.Dispatch.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using CoverLimitWarning = Cers.Dispatch.Contracts.Escalation.CoverLimitWarning;
using CoverStarted = Cers.Dispatch.Contracts.Rostering.CoverStarted;
using LongerTermCareArranged = Cers.Dispatch.Contracts.CrisisIntake.LongerTermCareArranged;
using StartTimer = Cers.Dispatch.Contracts.Escalation.StartTimer;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>
/// Two replicas of the service on one schema, one clock and the same queues, both polling. In the escalation collection
/// although it has hosts of its own: every escalation deployment hears a published StartTimer, so two at once would fire
/// each other's timers.
/// </summary>
[Collection(EscalationCollection.Name)]
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly FakeClock clock = new(Instant.FromUtc(2026, 7, 1, 9, 0));
    private ServiceHost<EscalationApi> first = null!;
    private ServiceHost<EscalationApi> second = null!;
    private BusProbe probe = null!;

    private string Schema => $"t_{runId}_escalation2";

    public async Task InitializeAsync()
    {
        first = new ServiceHost<EscalationApi>(Schema, $"t{runId}", s => s.AddSingleton<IClock>(clock));
        second = new ServiceHost<EscalationApi>(Schema, $"t{runId}", s => s.AddSingleton<IClock>(clock));
        _ = first.CreateClient();
        _ = second.CreateClient();
        var buses = new[] { first, second }.Select(h => h.Services.GetRequiredService<IBus>()).ToArray();
        probe = await BusProbe.ConnectAsync(buses[1], from: buses);
    }

    public async Task DisposeAsync()
    {
        await probe.DisposeAsync();
        await second.DisposeAsync();
        await first.DisposeAsync();
        await Schemas.DropAsync(Schema);
    }

    [Fact]
    public async Task Two_instances_polling_the_same_store_fire_each_timer_once()
    {
        var activationIds = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        var due = clock.GetCurrentInstant() + Duration.FromMinutes(3);
        var ids = new List<Guid>();
        var bus = first.Services.GetRequiredService<IBus>();
        for (var i = 0; i < 150; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await bus.Publish(new StartTimer(id, activationIds[i % activationIds.Count], "offer-deadline", due + Duration.FromMilliseconds(i), $"offer-{i}"));
        }

        var client = first.CreateClient();
        await Eventually.GetAsync(async () =>
        {
            var counts = await Task.WhenAll(activationIds.Select(a => Api.PendingAsync(client, a)));
            return counts.Sum(p => p.Timers.Count) == ids.Count ? "all set" : null;
        }, what: "150 timers set");
        clock.Advance(Duration.FromMinutes(3) + Duration.FromSeconds(1));

        await probe.WaitForAsync<TimerFired>(m => ids.Contains(m.TimerId), ids.Count, "150 timers fired");
        (await EscalationFixture.PendingTimersAsync(Schema, ids)).Should().Be(0);
        foreach (var id in ids)
        {
            (await EscalationFixture.FiredEventsAsync(Schema, id)).Should().Be(1, $"timer {id} is recorded as fired once");
            probe.Distinct<TimerFired>(m => m.TimerId == id).Should().ContainSingle();
        }

        probe.Deliveries<TimerFired>(m => ids.Contains(m.TimerId)).Should().Be(ids.Count, "only the instance holding the relay lock publishes");
    }

    [Fact]
    public async Task Cover_limits_whose_messages_and_timers_either_instance_handled_end_resolved_with_nothing_left_pending()
    {
        var bus = first.Services.GetRequiredService<IBus>();
        var client = first.CreateClient();
        var start = clock.GetCurrentInstant();
        var activations = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in activations)
        {
            await bus.Publish(new CoverStarted(id, start, "england-and-wales"));
        }

        foreach (var id in activations)
        {
            await Eventually.GetAsync(() => Api.CoverLimitAsync(client, id), what: "the cover limit");
        }

        // The 24-hour warning fires on whichever instance claims it, often not the one that set the limit and kept it.
        clock.Advance(Duration.FromHours(24) + Duration.FromMinutes(1));
        await probe.WaitForAsync<CoverLimitWarning>(m => activations.Contains(m.ActivationId), activations.Count, "each 24-hour warning");
        foreach (var id in activations)
        {
            await bus.Publish(new LongerTermCareArranged(id, "care package", "coordinator Sam", clock.GetCurrentInstant()));
        }

        foreach (var id in activations)
        {
            var resolved = await Eventually.GetAsync(async () => await Api.CoverLimitAsync(client, id) is { Status: "resolved" } v ? v : null, what: "the resolution");
            resolved.WarningsSent.Select(w => w.HoursBeforeLimit).Should().Equal([24], "only the 24-hour warning came before longer-term care was arranged");
            (await Api.PendingAsync(client, id)).Timers.Should().BeEmpty("the warnings still to come and the limit are cancelled, whichever instance heard what");
            await using var session = first.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            var stream = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
            var fired = stream.OfType<Timers.TimerFired>().Select(f => f.TimerId).ToHashSet();
            stream.OfType<Timers.TimerCancelled>().Should().NotContain(
                c => fired.Contains(c.TimerId), "a decision from what an instance kept before the other fired a timer is taken again on what is stored, not recorded over it");
        }
    }

    [Fact]
    public async Task When_one_instance_goes_away_the_other_fires_and_publishes()
    {
        await first.DisposeAsync();
        var client = second.CreateClient();
        var timer = await Api.StartTimerAsync(client, Guid.NewGuid(), "coordinator-answer", clock.GetCurrentInstant() + Duration.FromSeconds(60));

        clock.Advance(Duration.FromSeconds(60));

        await probe.WaitForAsync<TimerFired>(m => m.TimerId == timer.TimerId, 1, "the timer fired and published by the remaining instance");
        (await EscalationFixture.FiredEventsAsync(Schema, timer.TimerId)).Should().Be(1);
    }
}
