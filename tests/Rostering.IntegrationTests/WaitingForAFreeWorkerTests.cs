using Cers.Dispatch.Rostering.Dispatches;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>More activations at once than free workers: the one nobody was free for gets the first worker who is.</summary>
public sealed class WaitingForAFreeWorkerTests
{
    [Fact]
    public async Task An_activation_nobody_was_free_for_is_offered_to_the_worker_who_leaves_the_first_home_and_its_staffing_alarm_stands_down_at_her_YES()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Wyn Only", 51.48, -3.18, Duration.FromHours(-1), Duration.FromHours(12));
            var first = await cover.ActivationAsync(51.48, -3.18, "CF10 Cardiff");
            await cover.AcceptAsync(first, worker);

            var second = await cover.ActivationAsync(51.49, -3.17, "CF24 Cardiff");
            var waiting = await cover.Dispatch(second, d => d.Status == DispatchStatus.Escalated);
            waiting.Offers.Should().BeEmpty("the only worker is committed to the first activation");
            waiting.EscalationReason.Should().Be(StaffDispatch.NobodyFree);
            waiting.WaitingForFreeWorker.Should().BeTrue();
            await cover.Published<Contracts.Rostering.DispatchEscalated>(e => e.ActivationId == second, "the coordinators alerted");

            (await cover.Webhook.TextAsync(worker.Phone, "ARRIVED")).Should().Contain("cover has started");
            (await cover.Dispatch(second, _ => true)).Offers.Should().BeEmpty("she is in the first home");

            (await cover.Webhook.TextAsync(worker.Phone, "LEFT")).Should().Contain("leaving is recorded");
            var lapsed = await cover.Dispatch(first, d => d.EscalationLevel == 1);
            lapsed.Status.Should().Be(DispatchStatus.NobodyOnSite, "her cover in the first home is still open");
            lapsed.EscalationReason.Should().Be("handover-nobody-qualified-available", "a replacement is sought there, and she is not asked back");
            var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("CF24 Cardiff", StringComparison.Ordinal) && m.Body.Contains("Reply YES", StringComparison.Ordinal));
            var offered = await cover.Dispatch(second, d => d.Offers.Count > 0);
            offered.Offers.Single().WorkerId.Should().Be(worker.Id);
            offered.WaitingForFreeWorker.Should().BeFalse();

            (await cover.Webhook.TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(offer)}")).Should().Contain("is yours");
            (await cover.Dispatch(second, d => d.AcceptedWorkerId is not null)).AcceptedWorkerId.Should().Be(worker.Id);
            var stoodDown = await cover.Published<Contracts.Rostering.AlarmStoodDown>(a => a.ActivationId == second, "the staffing alarm standing down");
            stoodDown.Why.Should().Be("a worker accepted", "nobody need answer for want of staff once she said yes");
        });
    }

    /// <summary>
    /// The offer's deadline is decided in the transaction of its timer; the free-worker sweep must still hear of it once
    /// that commits, not at its once-a-minute look (the wait below is shorter than that).
    /// </summary>
    [Fact]
    public async Task An_activation_nobody_was_free_for_is_offered_at_once_to_the_worker_whose_offer_elsewhere_lapsed()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Wyn Only", 51.48, -3.18, Duration.FromHours(-1), Duration.FromHours(12));
            var first = await cover.ActivationAsync(51.48, -3.18, "CF10 Cardiff");
            await cover.SmsTo(worker.Phone, m => m.Body.Contains("CF10 Cardiff", StringComparison.Ordinal) && m.Body.Contains("Reply YES", StringComparison.Ordinal));

            var second = await cover.ActivationAsync(51.49, -3.17, "CF24 Cardiff");
            (await cover.Dispatch(second, d => d.WaitingForFreeWorker)).Offers.Should().BeEmpty("the only worker is being asked for the first activation");

            fixture.Clock.Advance(Duration.FromMinutes(11));

            (await cover.Dispatch(first, d => d.Offers.Single().Status == OfferStatus.Expired)).Offers.Single().WorkerId.Should().Be(worker.Id);
            await cover.SmsTo(worker.Phone, m => m.Body.Contains("CF24 Cardiff", StringComparison.Ordinal) && m.Body.Contains("Reply YES", StringComparison.Ordinal));
            var offered = await cover.Dispatch(second, d => d.Offers.Count > 0);
            offered.Offers.Single().WorkerId.Should().Be(worker.Id);
            offered.WaitingForFreeWorker.Should().BeFalse();
        });
    }
}
