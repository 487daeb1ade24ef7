using System.Net;
using System.Net.Http.Json;
using Cers.Dispatch.Rostering.Dispatches;
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

    [Fact]
    public async Task Two_instances_taking_calls_at_once_never_ask_one_worker_for_two_activations()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var workers = new List<(Guid Id, string Phone)>();
            for (var i = 0; i < 4; i++)
            {
                workers.Add(await cover.ShiftWorkerAsync($"Worker {i}", 51.45 + (i * 0.01), -2.58, Duration.FromHours(-1), Duration.FromHours(12)));
            }

            var consumedBefore = fixture.ConsumedByInstance.ToArray();
            var activations = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => cover.ActivationAsync(51.45, -2.58, $"BS{i} Bristol")));

            var dispatches = await Task.WhenAll(activations.Select(a => cover.Dispatch(a, d => d.Offers.Count > 0 || d.WaitingForFreeWorker)));
            fixture.ConsumedByInstance.Zip(consumedBefore, (now, before) => now - before).Should().OnlyContain(n => n > 0, "the calls are spread over both instances");
            var offered = dispatches.Where(d => d.Offers.Count > 0).ToList();
            offered.Should().HaveCount(4, "four workers, each asked for one activation");
            offered.Select(d => d.Offers.Single().WorkerId).Should().OnlyHaveUniqueItems("no worker is asked for two activations at once")
                .And.BeEquivalentTo(workers.Select(w => w.Id));
            dispatches.Where(d => d.Offers.Count == 0).Should().HaveCount(2).And.OnlyContain(d => d.WaitingForFreeWorker);

            foreach (var worker in workers)
            {
                var sms = await cover.SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
                (await cover.Webhook.TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(sms)}")).Should().Contain("is yours");
            }

            fixture.Twilio.Messages.Count(m => m.Body.Contains("Reply YES", StringComparison.Ordinal)).Should().Be(4, "one offer SMS per worker");
        }, twoInstances: true);
    }

    [Fact]
    public async Task A_worker_s_YES_retried_to_the_other_instance_at_once_is_accepted_once()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Rhi Retried", 53.48, -2.24, Duration.FromHours(-1), Duration.FromHours(12));
            var activationId = await cover.ActivationAsync(53.48, -2.24, "M1 Manchester");
            var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            var sid = "SM" + Guid.NewGuid().ToString("N");

            var replies = await Task.WhenAll(
                new TwilioWebhook(fixture.Rostering.CreateClient()).TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(offer)}", sid),
                new TwilioWebhook(fixture.SecondRostering!.CreateClient()).TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(offer)}", sid));

            replies.Should().OnlyContain(r => r != null && r.Contains("is yours", StringComparison.Ordinal), "whichever instance answers, the worker is told the offer is hers");
            var dispatch = await cover.Dispatch(activationId, d => d.AcceptedWorkerId is not null);
            dispatch.AcceptedWorkerId.Should().Be(worker.Id);
            await using var session = fixture.Store.QuerySession();
            (await session.Events.FetchStreamAsync(activationId)).Select(e => e.Data).OfType<OfferAccepted>().Should().ContainSingle("one YES is one acceptance");
            fixture.Twilio.Messages.Count(m => m.To == worker.Phone && m.Body.Contains("/plan/", StringComparison.Ordinal)).Should().BeLessThanOrEqualTo(1, "her plan link is sent once");
        }, twoInstances: true);
    }

    [Fact]
    public async Task A_worker_s_texts_answered_by_each_instance_in_turn_each_act_on_what_the_other_stored()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Tam Turns", 52.63, 1.30, Duration.FromHours(-1), Duration.FromHours(12));
            var activationId = await cover.ActivationAsync(52.63, 1.30, "NR1 Norwich");
            var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            var (first, second) = (new TwilioWebhook(fixture.Rostering.CreateClient()), new TwilioWebhook(fixture.SecondRostering!.CreateClient()));

            (await first.TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(offer)}")).Should().Contain("is yours");
            (await second.TextAsync(worker.Phone, "ARRIVED")).Should().Contain("cover has started", "the second instance acts on the acceptance the first stored");
            (await first.TextAsync(worker.Phone, "LEFT")).Should().Contain("leaving is recorded", "the first instance acts on the arrival the second stored, not on the dispatch it last wrote itself");

            var dispatch = await cover.Dispatch(activationId, d => d.OnSite.Count == 0);
            await using var session = fixture.Store.QuerySession();
            (await session.Events.FetchStreamAsync(activationId)).Select(e => e.Data.GetType().Name).Should().ContainInOrder(nameof(OfferAccepted), nameof(WorkerArrived), nameof(WorkerLeft));
            dispatch.CoveringWorkerId().Should().BeNull("she has left");
        }, twoInstances: true);
    }

    [Fact]
    public async Task A_worker_asked_for_one_activation_is_not_offered_another_even_by_a_coordinator_until_she_answers()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var dana = await cover.ShiftWorkerAsync("Dana Only", 52.6, -1.1, Duration.FromHours(-1), Duration.FromHours(12));
            var askedOn = await cover.ActivationAsync(52.6, -1.1, "LE1 Leicester");
            await cover.Dispatch(askedOn, d => d.Offers.Count > 0);
            var other = await cover.ActivationAsync(52.6, -1.1, "LE2 Leicester");
            (await cover.Dispatch(other, d => d.WaitingForFreeWorker)).Offers.Should().BeEmpty("while one offer waits on Dana the ranking does not ask her for another");

            using (var chosen = await fixture.Rostering.CreateClient().PostAsJsonAsync($"/dispatches/{other}/offers", new { workerId = dana.Id, by = "Coordinator C. Lee" }))
            {
                chosen.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                (await chosen.Content.ReadAsStringAsync()).Should().Contain($"Dana Only is being asked for activation {askedOn}");
            }

            var first = await cover.SmsTo(dana.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            await cover.Webhook.TextAsync(dana.Phone, $"NO {CoverScenario.CodeIn(first)}");

            // Free again, she is offered the activation that was waiting for a free worker, and her YES is accepted.
            var second = await cover.SmsTo(dana.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal) && m.Sid != first.Sid);
            (await cover.Webhook.TextAsync(dana.Phone, $"YES {CoverScenario.CodeIn(second)}")).Should().Contain("is yours");
            (await cover.Dispatch(other, d => d.AcceptedWorkerId is not null)).AcceptedWorkerId.Should().Be(dana.Id);
        });
    }
}
