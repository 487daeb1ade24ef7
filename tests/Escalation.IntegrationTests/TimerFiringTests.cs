using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using NodaTime;
using CancelTimer = Cers.Dispatch.Contracts.Escalation.CancelTimer;
using StartTimer = Cers.Dispatch.Contracts.Escalation.StartTimer;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Escalation.IntegrationTests;

[Collection(EscalationCollection.Name)]
public sealed class TimerFiringTests(EscalationFixture fixture)
{
    private HttpClient Client => fixture.Host.CreateClient();

    [Fact]
    public async Task An_offer_deadline_is_listed_in_UTC_and_London_time_and_fires_once_when_its_time_comes()
    {
        var activationId = Guid.NewGuid();
        var due = fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(10);
        var timer = await Api.StartTimerAsync(Client, activationId, "offer-deadline", due, "offer-17");

        var pending = await Api.PendingAsync(Client, activationId);
        var listed = pending.Timers.Should().ContainSingle().Subject;
        listed.DueAt.Should().Be(due);
        var london = due.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]);
        listed.DueAtLondon.Should().Be($"{london:uuuu'-'MM'-'dd'T'HH':'mm':'ss}+00:00 GMT", "in March before the clocks go forward London keeps GMT");
        listed.Target.Should().Be("offer-17");

        fixture.Clock.Advance(Duration.FromMinutes(10));

        var fired = await fixture.Probe.WaitForAsync<TimerFired>(m => m.TimerId == timer.TimerId, 1, "the offer deadline on the bus");
        fired.Single().Should().BeEquivalentTo(new { timer.TimerId, ActivationId = activationId, Kind = "offer-deadline", DueAt = due, Target = "offer-17" });
        (await Api.TimerAsync(Client, timer.TimerId)).State.Should().Be("fired");
        (await fixture.FiredEventsAsync(timer.TimerId)).Should().Be(1);
        (await Api.PendingAsync(Client, activationId)).Timers.Should().BeEmpty();
    }

    [Fact]
    public async Task A_timer_whose_due_time_has_not_come_does_not_fire()
    {
        var activationId = Guid.NewGuid();
        var timer = await Api.StartTimerAsync(Client, activationId, "offer-deadline", fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(10));
        var other = await Api.StartTimerAsync(Client, Guid.NewGuid(), "offer-deadline", fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(1));

        fixture.Clock.Advance(Duration.FromMinutes(9));
        await fixture.Probe.WaitForAsync<TimerFired>(m => m.TimerId == other.TimerId, 1, "an earlier timer, to know the poller has run");

        (await Api.TimerAsync(Client, timer.TimerId)).State.Should().Be("pending");
        fixture.Probe.Distinct<TimerFired>(m => m.TimerId == timer.TimerId).Should().BeEmpty();
    }

    [Fact]
    public async Task A_timer_started_and_cancelled_over_the_bus_never_fires()
    {
        var activationId = Guid.NewGuid();
        var start = new StartTimer(Guid.NewGuid(), activationId, "coordinator-answer", fixture.Clock.GetCurrentInstant() + Duration.FromSeconds(60), "call-3");
        var marker = new StartTimer(Guid.NewGuid(), Guid.NewGuid(), "coordinator-answer", fixture.Clock.GetCurrentInstant() + Duration.FromSeconds(61), null);
        await fixture.Bus.Publish(start);
        await fixture.Bus.Publish(marker);
        await Eventually.GetAsync(async () => (await Api.PendingAsync(Client, activationId)).Timers.Count == 1 ? "set" : null, what: "the timer set from the bus");

        await fixture.Bus.Publish(new CancelTimer(start.TimerId));
        await Eventually.GetAsync(async () => (await Api.TimerAsync(Client, start.TimerId)).State == "cancelled" ? "cancelled" : null, what: "the cancellation");
        fixture.Clock.Advance(Duration.FromMinutes(2));
        await fixture.Probe.WaitForAsync<TimerFired>(m => m.TimerId == marker.TimerId, 1, "a later timer, to know the poller has passed the cancelled one");

        fixture.Probe.Distinct<TimerFired>(m => m.TimerId == start.TimerId).Should().BeEmpty();
        (await fixture.FiredEventsAsync(start.TimerId)).Should().Be(0);
    }

    [Fact]
    public async Task Starting_the_same_timer_twice_keeps_one()
    {
        var activationId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var due = fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(5);

        await Api.StartTimerAsync(Client, activationId, "offer-deadline", due, timerId: id);
        await Api.StartTimerAsync(Client, activationId, "offer-deadline", due + Duration.FromMinutes(5), timerId: id);

        (await Api.PendingAsync(Client, activationId)).Timers.Should().ContainSingle().Which.DueAt.Should().Be(due);
    }

    [Fact]
    public async Task A_timer_request_with_wrong_fields_is_refused_with_problem_details_and_nothing_is_stored()
    {
        var activationId = Guid.NewGuid();

        using var response = await Client.PostAsJsonAsync("/timers", new { activationId, kind = "Cover Limit", dueAt = "next tuesday" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("kind", "dueAt");
        (await Api.PendingAsync(Client, activationId)).Timers.Should().BeEmpty();
        using var listing = await Client.GetAsync("/timers?activation=not-a-guid");
        listing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await listing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("activation");
    }
}
