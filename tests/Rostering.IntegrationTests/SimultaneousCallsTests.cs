using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Two calls decided at the same moment: each asks a different free worker, not both the nearest.</summary>
public sealed class SimultaneousCallsTests
{
    [Fact]
    public async Task Two_activations_at_once_ask_two_workers_and_nobody_has_a_YES_passed_on()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var near = await cover.ShiftWorkerAsync("Nia Near", 50.72, -3.53, Duration.FromHours(-1), Duration.FromHours(12));
            var far = await cover.ShiftWorkerAsync("Fen Further", 50.80, -3.53, Duration.FromHours(-1), Duration.FromHours(12));

            var activations = await Task.WhenAll(cover.ActivationAsync(50.72, -3.53, "EX1 Exeter"), cover.ActivationAsync(50.72, -3.53, "EX2 Exeter"));

            var offers = await Task.WhenAll(activations.Select(a => cover.Dispatch(a, d => d.Offers.Count > 0)));
            offers.Select(d => d.Offers[0].WorkerId).Should().BeEquivalentTo([near.Id, far.Id], "a worker asked by one call is not asked by the other meanwhile");
            foreach (var worker in new[] { near, far })
            {
                var sms = await cover.SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
                (await cover.Webhook.TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(sms)}")).Should().Contain("is yours");
            }

            fixture.Twilio.Messages.Count(m => m.Body.Contains("Reply YES", StringComparison.Ordinal)).Should().Be(2, "one offer each");
        });
    }
}
