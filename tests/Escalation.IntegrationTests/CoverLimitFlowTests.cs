using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using NodaTime;
using ActivationOpened = Cers.Dispatch.Contracts.CrisisIntake.ActivationOpened;
using CoverStarted = Cers.Dispatch.Contracts.Rostering.CoverStarted;
using LongerTermCareArranged = Cers.Dispatch.Contracts.CrisisIntake.LongerTermCareArranged;
using CoverExtended = Cers.Dispatch.Contracts.CrisisIntake.CoverExtended;
using WorkerArrived = Cers.Dispatch.Contracts.Rostering.WorkerArrived;
using Published = Cers.Dispatch.Contracts.Escalation;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.IntegrationTests;

[Collection(EscalationCollection.Name)]
public sealed class CoverLimitFlowTests(EscalationFixture fixture)
{
    private HttpClient Client => fixture.Host.CreateClient();

    private Instant Now => fixture.Clock.GetCurrentInstant();

    private async Task<Cers.Dispatch.Escalation.CoverLimits.Getting.CoverLimitView> CoverStartsAsync(Guid activationId, string nation, Instant startedAt)
    {
        await fixture.Bus.Publish(new CoverStarted(activationId, startedAt, nation));
        return await Eventually.GetAsync(() => Api.CoverLimitAsync(Client, activationId), what: "the cover limit");
    }

    [Fact]
    public async Task A_cover_breach_warns_the_coordinator_then_escalates_every_30_minutes_until_longer_term_care_is_arranged()
    {
        var activationId = Guid.NewGuid();
        var limit = await CoverStartsAsync(activationId, "england-and-wales", Now);
        limit.LimitHours.Should().Be(48);
        (await fixture.Probe.WaitForAsync<Published.CoverLimitSet>(m => m.ActivationId == activationId, 1, "CoverLimitSet")).Single().LimitAt.Should().Be(limit.LimitAt);
        (await Api.PendingAsync(Client, activationId)).Timers.Select(t => t.Kind).Should()
            .Equal(TimerKinds.CoverWarning, TimerKinds.CoverWarning, TimerKinds.CoverWarning, TimerKinds.CoverWarning, TimerKinds.CoverLimit);

        fixture.Clock.Reset(limit.LimitAt - Duration.FromHours(24));
        var warning = await fixture.Probe.WaitForAsync<Published.CoverLimitWarning>(m => m.ActivationId == activationId, 1, "the 24-hour warning");
        warning.Single().HoursBeforeLimit.Should().Be(24);

        fixture.Clock.Reset(limit.LimitAt);
        await fixture.Probe.WaitForAsync<Published.CoverLimitWarning>(m => m.ActivationId == activationId, 4, "all four warnings");
        (await fixture.Probe.WaitForAsync<Published.CoverLimitReached>(m => m.ActivationId == activationId, 1, "the breach")).Single().LimitAt.Should().Be(limit.LimitAt);
        var first = await fixture.Probe.WaitForAsync<Published.CoverLimitEscalated>(m => m.ActivationId == activationId, 1, "the first escalation");
        first.Single().Notify.Should().Equal("duty-manager", "supervisor");

        fixture.Clock.Advance(Duration.FromMinutes(30));
        await fixture.Probe.WaitForAsync<Published.CoverLimitEscalated>(m => m.ActivationId == activationId && m.Repeat == 2, 1, "the repeat after 30 minutes");

        await fixture.Bus.Publish(new LongerTermCareArranged(activationId, "care package", "coordinator Sam", Now));
        var resolved = await Eventually.GetAsync(async () => await Api.CoverLimitAsync(Client, activationId) is { Status: "resolved" } v ? v : null, what: "the resolution");
        resolved.Breached.Should().BeTrue("the breach stays on the record");
        resolved.WarningsSent.Select(w => w.HoursBeforeLimit).Should().Equal(24, 12, 4, 1);
        resolved.Escalations.Should().HaveCount(2);
        (await Api.PendingAsync(Client, activationId)).Timers.Should().BeEmpty();
    }

    [Fact]
    public async Task A_Scottish_carers_cover_over_St_Andrews_Day_runs_72_hours_and_an_extension_moves_the_limit()
    {
        var activationId = Guid.NewGuid();
        var start = Instant.FromUtc(2026, 11, 29, 12, 0);

        var limit = await CoverStartsAsync(activationId, "scotland", start);

        limit.LimitHours.Should().Be(72);
        limit.BankHolidaysInWindow.Should().Equal(new LocalDate(2026, 11, 30));
        limit.LimitAtLondon.Should().Be("2026-12-02T12:00:00+00:00 GMT");

        var newLimit = limit.LimitAt + Duration.FromHours(12);
        await fixture.Bus.Publish(new CoverExtended(activationId, newLimit, "manager Pat", "care package starts Thursday", Now));
        var extended = await Eventually.GetAsync(async () => await Api.CoverLimitAsync(Client, activationId) is { Extensions.Count: 1 } v ? v : null, what: "the extension");
        extended.LimitAt.Should().Be(newLimit);
        (await Api.PendingAsync(Client, activationId)).Timers.Single(t => t.Kind == TimerKinds.CoverLimit).DueAt.Should().Be(newLimit);
    }

    [Fact]
    public async Task No_worker_on_site_within_four_hours_is_raised_and_a_worker_arriving_in_time_prevents_it()
    {
        var unstaffed = Guid.NewGuid();
        var staffed = Guid.NewGuid();
        await fixture.Bus.Publish(new ActivationOpened(unstaffed, "Phone", null, "Accident", "Police", "PC Lee", null, Now));
        await fixture.Bus.Publish(new ActivationOpened(staffed, "Phone", null, "Accident", "Police", "PC Lee", null, Now));
        foreach (var id in new[] { unstaffed, staffed })
        {
            await Eventually.GetAsync(async () => (await Api.PendingAsync(Client, id)).Timers.Any(t => t.Kind == TimerKinds.WorkerOnSite) ? "set" : null, what: "the worker-on-site timer");
        }

        await fixture.Bus.Publish(new WorkerArrived(staffed, Guid.NewGuid(), Now + Duration.FromHours(1)));
        await Eventually.GetAsync(async () => (await Api.PendingAsync(Client, staffed)).Timers.Count == 0 ? "cancelled" : null, what: "the cancelled alarm");
        fixture.Clock.Advance(Duration.FromHours(4));

        var raised = await fixture.Probe.WaitForAsync<Published.ActivationUnstaffedTooLong>(m => m.ActivationId == unstaffed, 1, "the unstaffed alarm");
        raised.Single().OpenedAt.Should().Be(Now - Duration.FromHours(4));
        fixture.Probe.Distinct<Published.ActivationUnstaffedTooLong>(m => m.ActivationId == staffed).Should().BeEmpty();
    }

    [Fact]
    public async Task An_arrival_heard_before_the_opening_leaves_no_worker_on_site_alarm_set_when_the_opening_comes()
    {
        var activationId = Guid.NewGuid();
        await fixture.Bus.Publish(new WorkerArrived(activationId, Guid.NewGuid(), Now));
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return (await session.Events.FetchStreamAsync(activationId)).Count > 0 ? "heard" : null;
        }, what: "the arrival recorded");

        var openingId = NewId.NextGuid();
        await fixture.Bus.Publish(new ActivationOpened(activationId, "Phone", null, "Accident", "Police", "PC Lee", null, Now - Duration.FromMinutes(30)), c => c.MessageId = openingId);
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.Query<HandledMessage>().AnyAsync(h => h.MessageId == openingId) ? "handled" : null;
        }, what: "the opening handled");

        (await Api.PendingAsync(Client, activationId)).Timers.Should().BeEmpty("a worker is on site already");
        await using var read = fixture.Store.QuerySession();
        (await read.Events.FetchStreamAsync(activationId)).Select(e => e.Data.GetType().Name).Should().Equal("WorkerArrivedOnSite");
    }

    [Fact]
    public async Task A_first_arrival_told_with_the_start_of_cover_stops_the_no_worker_alarm_and_sets_the_limit_in_one_step()
    {
        var activationId = Guid.NewGuid();
        await fixture.Bus.Publish(new ActivationOpened(activationId, "Phone", null, "Accident", "Police", "PC Lee", null, Now));
        await Eventually.GetAsync(async () => (await Api.PendingAsync(Client, activationId)).Timers.Any(t => t.Kind == TimerKinds.WorkerOnSite) ? "set" : null, what: "the worker-on-site timer");
        var arrivedAt = Now + Duration.FromMinutes(40);

        await fixture.Bus.Publish(new WorkerArrived(activationId, Guid.NewGuid(), arrivedAt, "Asha Day", true, new CoverStarted(activationId, arrivedAt, "scotland")));

        var limit = await Eventually.GetAsync(() => Api.CoverLimitAsync(Client, activationId), what: "the cover limit");
        limit.LimitAt.Should().Be(arrivedAt + Duration.FromHours(limit.LimitHours), "the limit runs from the first arrival");
        (await Api.PendingAsync(Client, activationId)).Timers.Select(t => t.Kind).Should()
            .NotContain(TimerKinds.WorkerOnSite, "a worker is on site").And.Contain(TimerKinds.CoverLimit);
        (await fixture.Probe.WaitForAsync<Published.CoverLimitSet>(m => m.ActivationId == activationId, 1, "CoverLimitSet")).Single().Nation.Should().Be("scotland");
    }

    [Fact]
    public async Task The_rule_endpoint_shows_a_coordinator_the_limit_across_the_March_clock_change_in_London_time()
    {
        var answer = await Client.GetFromJsonAsync<JsonElement>("/rules/cover-limit?start=2026-03-28T01:30:00Z&nation=scotland");

        answer.GetProperty("limitHours").GetInt32().Should().Be(48);
        answer.GetProperty("limitAt").GetString().Should().Be("2026-03-30T01:30:00Z");
        answer.GetProperty("limitAtLondon").GetString().Should().Be("2026-03-30T02:30:00+01:00 BST");

        using var bad = await Client.GetAsync("/rules/cover-limit?start=yesterday&nation=wessex");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("start", "nation");
    }
}
