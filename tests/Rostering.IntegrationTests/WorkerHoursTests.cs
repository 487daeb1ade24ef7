using Cers.Dispatch.Rostering.Dispatches;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Who has worked least this week ranks first: a worker's hours count the time she was on site, and no more.</summary>
public sealed class WorkerHoursTests
{
    [Fact]
    public async Task A_worker_on_site_when_the_activation_closes_has_her_visit_ended_then_and_her_hours_stop_counting()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Hana Hours", 54.97, -1.61, Duration.FromHours(-1), Duration.FromHours(12));
            var first = await cover.ActivationAsync(54.97, -1.61, "NE1 Newcastle");
            await cover.AcceptAsync(first, worker);
            (await cover.Webhook.TextAsync(worker.Phone, "ARRIVED")).Should().Contain("cover has started");

            fixture.Clock.Advance(Duration.FromHours(2));
            await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationClosed(first, "LongerTermCareInPlace", "Coordinator C. Lee", cover.Now));
            await cover.Dispatch(first, d => d.ClosedAt is not null);
            fixture.Clock.Advance(Duration.FromHours(1));
            (await cover.Webhook.TextAsync(worker.Phone, "LEFT")).Should().Contain("already recorded as ended", "the close ended her visit");
            fixture.Clock.Advance(Duration.FromHours(2));

            var second = await cover.ActivationAsync(54.98, -1.61, "NE2 Newcastle");
            (await cover.Dispatch(second, d => d.Offers.Count > 0)).Offers.Single().WorkerId.Should().Be(worker.Id);
            await using var session = fixture.Store.QuerySession();
            var offer = (await session.Events.FetchStreamAsync(second)).Select(e => e.Data).OfType<OfferMade>().Single();
            offer.Reasons.Should().Contain("2 h worked this week", "she was on site from her arrival until the close, not since");
        });
    }
}
