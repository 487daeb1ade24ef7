using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>A phoned-in activation staffed over SMS, Twilio played by the test (signed webhooks) and the fake REST API.</summary>
/// <remarks>Each test on a rostering of its own: they move the clock, which fires every dispatch timer due in the rostering.</remarks>
public sealed class DispatchJourneyTests : IAsyncLifetime
{
    private readonly RosteringFixture fixture = RosteringFixture.OfItsOwn();
    private readonly CoverScenario cover;

    public DispatchJourneyTests() => cover = new CoverScenario(fixture);

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    private HttpClient Client => fixture.Rostering.CreateClient();

    private async Task<(Guid ActivationId, (Guid Id, string Phone) A, (Guid Id, string Phone) B)> ActivationWithTwoWorkersAsync(double lat, double lon, string area)
    {
        var a = await Register.StaffAsync(Client, "Asha Nearest", "care-worker", lat + 0.005, lon, ["personal-care", "medication-administration"]);
        var b = await Register.StaffAsync(Client, "Ben Further", "care-worker", lat + 0.03, lon, ["personal-care", "medication-administration"]);
        await Register.RotationAsync(Client, "care-worker", [a.Id]);
        await Register.RotationAsync(Client, "care-worker", [b.Id]);

        var carerId = Guid.NewGuid();
        var activationId = Guid.NewGuid();
        var now = fixture.Clock.GetCurrentInstant();
        await PlanKnownAsync(carerId, ["personal-care", "medication-administration"], area, lat, lon, now);
        await fixture.Bus.Publish(OpenedWithItsCard(activationId, carerId, area, now));
        return (activationId, a, b);
    }

    /// <summary>What crisis intake tells when a phoned-in card is recognised as the call comes in: one message, with the check.</summary>
    private static Contracts.CrisisIntake.ActivationOpened OpenedWithItsCard(Guid activationId, Guid carerId, string area, Instant now) => new(
        activationId, "PhoneLine", "492177305518", "AdmittedToHospital", "Ambulance", "Paramedic J. Okafor", null, now,
        new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "england-and-wales", area, now));

    private async Task PlanKnownAsync(Guid carerId, string[] needs, string area, double lat, double lon, Instant now)
    {
        await fixture.Bus.Publish(new Contracts.CardLookup.EmergencyPlanChanged(carerId, 1, needs, "england-and-wales", area, lat, lon, now));
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<Matching.CarerNeeds>(carerId);
        }, what: "the carer's plan");
    }

    [Fact]
    public async Task An_offer_deadline_escalation_still_holds_from_before_dispatches_kept_their_own_timers_moves_the_offer_on_when_it_fires()
    {
        var (activationId, a, b) = await ActivationWithTwoWorkersAsync(53.48, -2.24, "M1 Manchester");
        await cover.SmsTo(a.Phone);
        var first = (await cover.Dispatch(activationId, d => d.Offers.Count == 1 && d.Offers[0].TimerId is not null)).Offers[0];

        var now = fixture.Clock.GetCurrentInstant();
        await fixture.Bus.Publish(new Contracts.Escalation.TimerFired(first.TimerId!.Value, activationId, "offer-deadline", now, now, first.OfferId.ToString()), c => c.MessageId = Guid.NewGuid());

        await cover.SmsTo(b.Phone);
        (await cover.Dispatch(activationId, d => d.Offers.Count == 2)).Offers[0].ClosedWhy.Should().Be("no-reply");
    }

    [Fact]
    public async Task Offer_to_A_no_reply_offer_to_B_B_accepts_B_arrives_and_cover_starts()
    {
        var (activationId, a, b) = await ActivationWithTwoWorkersAsync(52.205, 0.119, "CB1 Cambridge");

        var offerToA = await cover.SmsTo(a.Phone);
        offerToA.Body.Should().Contain("CB1 Cambridge").And.Contain("personal care").And.MatchRegex("Reply YES [A-Z0-9]{4} to go or NO [A-Z0-9]{4}");
        offerToA.Body.Should().NotContain("492177305518");
        offerToA.From.Should().Be(RosteringFixture.OurNumber);
        offerToA.Authorization.Should().StartWith("Basic ");
        offerToA.StatusCallback.Should().StartWith($"{RosteringFixture.PublicBaseUrl}/twilio/sms/status?activationId={activationId}");
        var dispatch = await cover.Dispatch(activationId, d => d.Offers.Count == 1 && d.Offers[0].MessageSid is not null);
        var first = dispatch.Offers[0];
        first.WorkerId.Should().Be(a.Id);
        first.DeadlineAt.Should().Be(fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(10));

        // The deadline is rostering's own timer, fired by the clock: nothing asks escalation for it.
        fixture.Clock.Advance(Duration.FromMinutes(10));
        var offerToB = await cover.SmsTo(b.Phone);
        // B answers once Twilio's acceptance of her SMS is recorded, so her offer has a deadline for the YES to cancel
        // (a YES that overtakes that record is accepted all the same, and no deadline is ever set for it).
        await cover.Dispatch(activationId, d => d.Offers.Count == 2 && d.Offers[1].TimerId is not null);
        var webhook = new TwilioWebhook(Client);
        var accepted = await webhook.TextAsync(b.Phone, $"yes {CoverScenario.CodeIn(offerToB)}");
        accepted.Should().Contain("is yours").And.Contain("ARRIVED");
        (await webhook.TextAsync(b.Phone, $"YES {CoverScenario.CodeIn(offerToB)}")).Should().Contain("already accepted");
        (await webhook.TextAsync(a.Phone, $"YES {CoverScenario.CodeIn(offerToA)}")).Should().Contain("already gone to someone else");

        fixture.Clock.Advance(Duration.FromMinutes(25));
        (await webhook.TextAsync(b.Phone, "ARRIVED")).Should().Contain("cover has started");

        var events = await Client.GetFromJsonAsync<JsonElement>($"/dispatches/{activationId}/events");
        events.EnumerateArray().Select(e => e.GetProperty("event").GetString()).Where(e => e is not ("offer_sms_sent" or "offer_deadline_set" or "offer_deadline_cancelled" or "handover_due_set"))
            .Should().Equal("dispatch_requested", "carer_identified", "offer_made", "offer_expired", "offer_made", "offer_accepted", "worker_arrived", "cover_started");
        fixture.Published.OfType<Contracts.Escalation.StartTimer>().Should().NotContain(t => t.ActivationId == activationId, "a dispatch keeps its own timers");
        var startedCover = await Eventually.GetAsync(
            () => Task.FromResult(fixture.Published.OfType<Contracts.Rostering.WorkerArrived>().FirstOrDefault(w => w.ActivationId == activationId && w.Cover is not null)),
            what: "B's arrival on the bus, carrying the start of cover");
        startedCover.WorkerId.Should().Be(b.Id);
        startedCover.Cover!.Nation.Should().Be("england-and-wales");
        fixture.Published.OfType<Contracts.Rostering.CoverStarted>().Should().NotContain(c => c.ActivationId == activationId, "the start of cover is told with the arrival, in one message");
        var staffed = await cover.Dispatch(activationId, d => d.CoverStartedAt is not null);
        staffed.Offers[1].WorkerId.Should().Be(b.Id);
        var deadline = await fixture.Rostering.Services.GetRequiredService<ServiceDefaults.DurableWork.WorkQueue>().FindAsync(staffed.Offers[1].TimerId!.Value, CancellationToken.None);
        deadline!.Outcome.Should().Be("cancelled: the offer was answered", "B's deadline is cancelled with her YES");
        // Told only in the news, up to a second after the arrival went on its own.
        await cover.Published<Contracts.Rostering.OfferAccepted>(o => o.ActivationId == activationId && o.WorkerId == b.Id, "B's acceptance in the news");
        await cover.Published<Contracts.Rostering.OfferExpired>(o => o.ActivationId == activationId && o.WorkerId == a.Id && o.Why == "no-reply", "A's lapse in the news");
    }

    /// <summary>
    /// Another instance's runner has taken the offer's deadline (it is due there by its clock, or it was about to look)
    /// at the moment the worker's YES is decided here. The YES must not wait for that runner: the runner decides on the
    /// dispatch next, so waiting would be a deadlock, which PostgreSQL breaks only after a second by failing one of them.
    /// </summary>
    [Fact]
    public async Task A_YES_decided_while_another_instance_is_running_the_offer_s_deadline_is_accepted_at_once_and_the_deadline_finds_it_answered()
    {
        var (activationId, a, b) = await ActivationWithTwoWorkersAsync(50.37, -4.14, "PL1 Plymouth");
        var offerToA = await cover.SmsTo(a.Phone);
        var offer = (await cover.Dispatch(activationId, d => d.Offers.Count == 1 && d.Offers[0].TimerId is not null)).Offers[0];
        var queue = fixture.Rostering.Services.GetRequiredService<ServiceDefaults.DurableWork.WorkQueue>();
        await using var otherRunner = await fixture.Rostering.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using (var doingTheDeadline = await otherRunner.BeginTransactionAsync())
        {
            await using var take = new Npgsql.NpgsqlCommand($"SELECT 1 FROM {queue.Table} WHERE id = $1 AND done_at IS NULL FOR UPDATE", otherRunner, doingTheDeadline);
            take.Parameters.Add(new Npgsql.NpgsqlParameter { Value = offer.TimerId!.Value });
            (await take.ExecuteScalarAsync()).Should().Be(1, "the deadline is pending");

            var answering = new TwilioWebhook(Client).TextAsync(a.Phone, $"YES {CoverScenario.CodeIn(offerToA)}");
            var answeredFirst = await Task.WhenAny(answering, Task.Delay(TimeSpan.FromSeconds(15))) == answering;
            answeredFirst.Should().BeTrue("the YES is decided without waiting for the runner holding the deadline");
            (await answering).Should().Contain("is yours");
        }

        // The other runner let go without finishing (it stopped): the deadline comes due and is run here.
        fixture.Clock.Advance(Duration.FromMinutes(10));
        var deadline = await Eventually.GetAsync(
            async () => await queue.FindAsync(offer.TimerId!.Value, CancellationToken.None) is { DoneAt: not null } done ? done : null, what: "the deadline run");
        deadline.Outcome.Should().NotStartWith("cancelled", "the runner holding it was left to finish it");
        var dispatch = await cover.Dispatch(activationId, _ => true);
        dispatch.Offers.Should().ContainSingle().Which.Status.Should().Be(OfferStatus.Accepted, "the deadline found the offer answered");
        fixture.Twilio.Messages.Should().NotContain(m => m.To == b.Phone, "nobody else is asked once A said YES");
    }

    [Fact]
    public async Task A_plan_that_reaches_rostering_after_the_activation_still_gets_the_carer_an_offer()
    {
        const double lat = 52.63, lon = 1.29;
        var worker = await Register.StaffAsync(Client, "Nell Norwich", "care-worker", lat + 0.004, lon, ["personal-care"]);
        await Register.RotationAsync(Client, "care-worker", [worker.Id]);
        var carerId = Guid.NewGuid();
        var activationId = Guid.NewGuid();
        var now = fixture.Clock.GetCurrentInstant();

        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationOpened(activationId, "PhoneLine", "492177305518", "Accident", "Police", "PC Lee", null, now));
        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "england-and-wales", "NR1 Norwich", now));
        var waiting = await cover.Dispatch(activationId, d => d.Status == DispatchStatus.Escalated);
        waiting.Offers.Should().BeEmpty("rostering does not yet know what the carer needs");

        await fixture.Bus.Publish(new Contracts.CardLookup.EmergencyPlanChanged(carerId, 1, ["personal-care"], "england-and-wales", "NR1 Norwich", lat, lon, now));

        var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("NR1 Norwich", StringComparison.Ordinal));
        offer.Body.Should().Contain("Reply YES");
        (await cover.Dispatch(activationId, d => d.Offers.Count > 0)).Offers.Single().WorkerId.Should().Be(worker.Id);
    }

    [Fact]
    public async Task An_opening_that_carries_its_card_check_gets_the_carer_an_offer_from_that_one_message_and_a_redelivery_asks_nobody_again()
    {
        const double lat = 51.45, lon = -2.59;
        var worker = await Register.StaffAsync(Client, "Bea Bristol", "care-worker", lat + 0.004, lon, ["personal-care"]);
        await Register.RotationAsync(Client, "care-worker", [worker.Id]);
        var carerId = Guid.NewGuid();
        var activationId = Guid.NewGuid();
        var now = fixture.Clock.GetCurrentInstant();
        await PlanKnownAsync(carerId, ["personal-care"], "BS1 Bristol", lat, lon, now);
        var opened = OpenedWithItsCard(activationId, carerId, "BS1 Bristol", now);
        var messageId = Guid.NewGuid();

        await fixture.Bus.Publish(opened, c => c.MessageId = messageId);

        var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("BS1 Bristol", StringComparison.Ordinal));
        offer.Body.Should().Contain("Reply YES");
        var dispatch = await cover.Dispatch(activationId, d => d.Offers.Count > 0);
        dispatch.CarerId.Should().Be(carerId);
        dispatch.Offers.Single().WorkerId.Should().Be(worker.Id);

        await fixture.Bus.Publish(opened, c => c.MessageId = messageId);
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await cover.Dispatch(activationId, d => d.Offers.Count > 0)).Offers.Should().ContainSingle("the same opening delivered again changes nothing");
        await using var session = fixture.Store.QuerySession();
        (await session.Events.FetchStreamAsync(activationId)).Select(e => e.Data).OfType<DispatchRequested>().Should().ContainSingle();
    }

    [Fact]
    public async Task A_card_verification_that_overtakes_the_activations_opening_waits_for_it_and_the_carer_still_gets_an_offer()
    {
        const double lat = 53.38, lon = -1.47;
        var worker = await Register.StaffAsync(Client, "Shona Sheffield", "care-worker", lat + 0.004, lon, ["personal-care"]);
        await Register.RotationAsync(Client, "care-worker", [worker.Id]);
        var carerId = Guid.NewGuid();
        var activationId = Guid.NewGuid();
        var now = fixture.Clock.GetCurrentInstant();
        await PlanKnownAsync(carerId, ["personal-care"], "S1 Sheffield", lat, lon, now);

        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "england-and-wales", "S1 Sheffield", now));
        // Long enough for the verification to be consumed, find no dispatch and go into its retries.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationOpened(activationId, "PhoneLine", "492177305518", "Accident", "Police", "PC Shaw", null, now));

        var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("S1 Sheffield", StringComparison.Ordinal));
        offer.Body.Should().Contain("Reply YES");
        var dispatch = await cover.Dispatch(activationId, d => d.Offers.Count > 0);
        dispatch.CarerId.Should().Be(carerId);
        dispatch.Offers.Single().WorkerId.Should().Be(worker.Id);
    }

    [Fact]
    public async Task The_candidates_show_the_ranking_with_reasons_and_a_coordinator_can_override_it()
    {
        var (activationId, a, b) = await ActivationWithTwoWorkersAsync(57.48, -4.22, "IV2 Inverness");
        await cover.SmsTo(a.Phone);

        var candidates = await Client.GetFromJsonAsync<JsonElement>($"/dispatches/{activationId}/candidates");
        var ranked = candidates.GetProperty("ranked").EnumerateArray().ToList();
        ranked.Select(r => r.GetProperty("workerId").GetGuid()).Should().Contain(b.Id);
        ranked.First(r => r.GetProperty("workerId").GetGuid() == b.Id).GetProperty("reasons").EnumerateArray()
            .Select(r => r.GetString()).Should().Contain(r => r!.EndsWith("km from base", StringComparison.Ordinal));
        candidates.GetProperty("excluded").EnumerateArray().Should().Contain(e => e.GetProperty("workerId").GetGuid() == a.Id, "A already has this activation's offer");

        using var chosen = await Client.PostAsJsonAsync($"/dispatches/{activationId}/offers", new { workerId = b.Id, by = "Coordinator C. Lee" });
        chosen.StatusCode.Should().Be(HttpStatusCode.OK);
        var offerToB = await cover.SmsTo(b.Phone);
        var dispatch = await cover.Dispatch(activationId, d => d.Offers.Count == 2);
        dispatch.Offers[0].ClosedWhy.Should().Be("withdrawn");
        dispatch.Offers[1].ChosenBy.Should().Be("Coordinator C. Lee");
        offerToB.Body.Should().Contain("IV2 Inverness");
    }

    [Fact]
    public async Task An_undelivered_offer_moves_on_at_once_and_a_NO_moves_on_too()
    {
        var (activationId, a, b) = await ActivationWithTwoWorkersAsync(50.37, -4.14, "PL4 Plymouth");
        var offerToA = await cover.SmsTo(a.Phone);
        var dispatch = await cover.Dispatch(activationId, d => d.Offers.Count == 1 && d.Offers[0].MessageSid is not null);

        using var status = await new TwilioWebhook(Client).PostAsync(
            $"/twilio/sms/status?activationId={activationId}&offerId={dispatch.Offers[0].OfferId}",
            new Dictionary<string, string> { ["MessageSid"] = offerToA.Sid, ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30003", ["AccountSid"] = RosteringFixture.AccountSid });
        status.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var offerToB = await cover.SmsTo(b.Phone);
        var moved = await cover.Dispatch(activationId, d => d.Offers.Count == 2);
        moved.Offers[0].ClosedWhy.Should().Be("sms-undelivered");

        using var retried = await new TwilioWebhook(Client).PostAsync(
            $"/twilio/sms/status?activationId={activationId}&offerId={dispatch.Offers[0].OfferId}",
            new Dictionary<string, string> { ["MessageSid"] = offerToA.Sid, ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30003", ["AccountSid"] = RosteringFixture.AccountSid });
        retried.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await using (var session = fixture.Store.QuerySession())
        {
            (await session.Events.FetchStreamAsync(activationId)).Count(e => e.Data is OfferSmsStatusRecorded { Status: "undelivered" })
                .Should().Be(1, "Twilio calling back again with the same status changes nothing");
        }

        (await cover.Dispatch(activationId, _ => true)).Offers.Should().HaveCount(2, "nobody else was asked because of the repeated callback");

        var reply = await new TwilioWebhook(Client).TextAsync(b.Phone, $"NO {CoverScenario.CodeIn(offerToB)}");
        reply.Should().Contain("Thank you for letting us know");
        var declined = await cover.Dispatch(activationId, d => d.Offers[1].Status == OfferStatus.Declined);
        declined.Status.Should().BeOneOf(DispatchStatus.Escalated, DispatchStatus.Offered);
    }

    [Fact]
    public async Task Forged_webhooks_are_refused_and_a_repeated_MessageSid_changes_nothing()
    {
        var (activationId, a, _) = await ActivationWithTwoWorkersAsync(54.97, -1.61, "NE6 Newcastle");
        var offerToA = await cover.SmsTo(a.Phone);
        await cover.Dispatch(activationId, d => d.Offers.Count == 1);
        var webhook = new TwilioWebhook(Client);

        using var forged = await webhook.PostAsync("/twilio/sms/incoming", TwilioWebhook.Sms(a.Phone, $"YES {CoverScenario.CodeIn(offerToA)}"), forged: true);
        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var forgedStatus = await webhook.PostAsync($"/twilio/sms/status?activationId={activationId}&offerId={Guid.NewGuid()}",
            new Dictionary<string, string> { ["MessageSid"] = offerToA.Sid, ["MessageStatus"] = "failed" }, forged: true);
        forgedStatus.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await cover.Dispatch(activationId, _ => true)).Offers[0].Status.Should().Be(OfferStatus.Open);

        var sid = "SM" + Guid.NewGuid().ToString("N");
        var first = await webhook.TextAsync(a.Phone, $"NO {CoverScenario.CodeIn(offerToA)}", sid);
        var retried = await webhook.TextAsync(a.Phone, $"NO {CoverScenario.CodeIn(offerToA)}", sid);
        retried.Should().Be(first);
        await using var session = fixture.Store.QuerySession();
        (await session.Events.FetchStreamAsync(activationId)).Count(e => e.Data is OfferDeclined).Should().Be(1);

        (await webhook.TextAsync(a.Phone, "hello?")).Should().Contain("reply YES or NO with the code");
        (await webhook.TextAsync("+447700900998", "YES ABCD")).Should().Contain("not on the CERS staff register");
    }

    [Fact]
    public async Task A_long_text_from_a_number_not_on_the_register_is_answered_but_none_of_it_is_kept_and_a_retry_gets_the_same_answer()
    {
        var webhook = new TwilioWebhook(fixture.Rostering.CreateClient());
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var text = "My neighbour Mrs Quinlan-Hart fell at 4 Elm Row " + new string('x', 10_000);

        var first = await webhook.TextAsync("+447700900997", text, sid);
        var retried = await webhook.TextAsync("+447700900997", text, sid);

        first.Should().Contain("not on the CERS staff register");
        retried.Should().Be(first);
        await using var session = fixture.Store.QuerySession();
        var kept = (await session.QueryAsync<string>($"select data::text from {fixture.Rostering.Schema}.mt_doc_receivedsms where id = ?", sid)).Single();
        kept.Should().NotContain("Quinlan").And.Contain("10048 characters");
        kept.Length.Should().BeLessThan(400);
    }
}
