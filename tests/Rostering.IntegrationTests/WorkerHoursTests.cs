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

    [Fact]
    public async Task A_worker_s_hours_count_every_visit_whichever_instance_recorded_it()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Ines Instances", 52.41, -1.51, Duration.FromHours(-1), Duration.FromHours(12));
            var (first, second) = (new TwilioWebhook(fixture.Rostering.CreateClient()), new TwilioWebhook(fixture.SecondRostering!.CreateClient()));

            // An hour on site for each activation, her texts answered by the first instance, then the second, then the first:
            // the first's own record of her visits is out of date by the time of the third.
            foreach (var (instance, area) in new[] { (first, "CV1 Coventry"), (second, "CV2 Coventry"), (first, "CV3 Coventry") })
            {
                var activation = await cover.ActivationAsync(52.41, -1.51, area);
                var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains(area[..3], StringComparison.Ordinal) && m.Body.Contains("Reply YES", StringComparison.Ordinal));
                // Her texts wait for the offer to be recorded as sent, so each is decided once, on the instance it reached.
                await cover.Dispatch(activation, d => d.Offers.Any(o => o.Sent));
                (await instance.TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(offer)}")).Should().Contain("is yours");
                (await instance.TextAsync(worker.Phone, "ARRIVED")).Should().Contain("cover has started");
                fixture.Clock.Advance(Duration.FromHours(1));
                (await instance.TextAsync(worker.Phone, "LEFT")).Should().Contain("leaving is recorded");
                await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationClosed(activation, "LongerTermCareInPlace", "Coordinator C. Lee", cover.Now));
                await cover.Dispatch(activation, d => d.ClosedAt is not null);
            }

            var next = await cover.ActivationAsync(52.42, -1.51, "CV4 Coventry");
            (await cover.Dispatch(next, d => d.Offers.Count > 0)).Offers.Single().WorkerId.Should().Be(worker.Id);
            await using var session = fixture.Store.QuerySession();
            var offered = (await session.Events.FetchStreamAsync(next)).Select(e => e.Data).OfType<OfferMade>().Single();
            offered.Reasons.Should().Contain("3 h worked this week", "each of her three visits counts, the one the second instance recorded too");
        }, twoInstances: true);
    }
}
