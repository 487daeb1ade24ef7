using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>
/// The poller sleeps until the next timer is due; a timer this instance stores that falls due sooner wakes it. Here it
/// would otherwise sleep for two minutes, longer than the test waits.
/// </summary>
[Collection(EscalationCollection.Name)]
public sealed class TimerWakeTests : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly FakeClock clock = new(Instant.FromUtc(2026, 8, 3, 9, 0));
    private ServiceHost<EscalationApi> host = null!;

    private string Schema => $"t_{runId}_escalation_wake";

    public async Task InitializeAsync()
    {
        host = new ServiceHost<EscalationApi>(
            Schema, $"t{runId}", s => s.AddSingleton<IClock>(clock), new Dictionary<string, string?> { ["Timers:PollIntervalMilliseconds"] = "120000" });
        await host.ReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await Schemas.DropAsync(Schema);
    }

    [Fact]
    public async Task A_timer_stored_here_that_falls_due_before_the_pollers_next_look_fires_without_waiting_for_it()
    {
        var client = host.CreateClient();
        var later = await Api.StartTimerAsync(client, Guid.NewGuid(), "coordinator-answer", clock.GetCurrentInstant() + Duration.FromHours(1));
        // Let the poller look and go to sleep until the hour's timer (or its two-minute interval).
        await Task.Delay(TimeSpan.FromSeconds(1));

        var now = await Api.StartTimerAsync(client, Guid.NewGuid(), "coordinator-answer", clock.GetCurrentInstant());

        await Eventually.GetAsync(async () => await EscalationFixture.FiredEventsAsync(Schema, now.TimerId) == 1 ? "fired" : null,
            within: TimeSpan.FromSeconds(20), what: "the timer due now to fire");
        (await Api.TimerAsync(client, later.TimerId)).State.Should().Be("pending");
    }
}
