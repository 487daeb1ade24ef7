using System.Net;
using System.Net.Http.Json;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Vonage;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// A failure of the provider is not a refusal by the worker: an offer whose SMS cannot go stays open and is sent once the
/// provider is back (or by the second provider), once, and its ten minutes start then. Time passes on the fixture's clock.
/// </summary>
public sealed class ProviderOutageTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(600)]
    public async Task An_outage_of_Twilio_ends_with_the_first_workers_offer_sent_once_and_nothing_burned(int outageSeconds)
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var asha = await cover.ShiftWorkerAsync("Asha Outage", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var ben = await cover.ShiftWorkerAsync("Ben Backup", 52.2100, 0.1300, Duration.FromHours(-1), Duration.FromHours(8));
            fixture.Twilio.Outage = FakeTwilio.ServerError;

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "CB1 Cambridge");
            await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Attempts > 0 ? "tried" : null), what: "a first attempt at the offer SMS");
            await PassAsync(fixture, Duration.FromSeconds(outageSeconds), Duration.FromSeconds(Math.Min(30, outageSeconds / 5)));

            var during = await cover.Dispatch(activationId, _ => true);
            during.Offers.Should().ContainSingle("the offer is not burned while Twilio is down").Which.Should().Match<Offer>(o =>
                o.WorkerId == asha.Id && o.Status == OfferStatus.Open && !o.Sent && o.DeadlineAt == null);
            fixture.Twilio.Attempts.Should().BeGreaterThan(1, "the SMS is tried again through the outage");
            var alarm = await NotDeliveredAlarmAsync(fixture, activationId);
            alarm.Summary.Should().Contain("Asha Outage").And.Contain("still being tried");

            fixture.Twilio.Outage = null;
            var back = fixture.Clock.GetCurrentInstant();
            await PassAsync(fixture, Duration.FromMinutes(1), Duration.FromSeconds(30));
            var offer = await cover.SmsTo(asha.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            var sent = (await cover.Dispatch(activationId, d => d.Offers[0].Sent)).Offers.Single();
            sent.MessageSid.Should().Be(offer.Sid);
            sent.Provider.Should().Be("twilio");
            (sent.DeadlineAt >= back + Duration.FromMinutes(10)).Should().BeTrue("the worker's ten minutes start when the SMS is accepted, not at {0}", sent.DeadlineAt);
            fixture.Twilio.Messages.Where(m => m.Body.Contains("Reply YES", StringComparison.Ordinal)).Should().ContainSingle("sent once, to the first worker");
            fixture.Twilio.Messages.Should().NotContain(m => m.To == ben.Phone);
            (await cover.Webhook.TextAsync(asha.Phone, $"YES {CoverScenario.CodeIn(offer)}")).Should().Contain("is yours");
            var resolved = await Eventually.GetAsync(async () => (await AlarmsAsync(fixture, activationId)).FirstOrDefault(a => a.Id == alarm.Id && a.State != AlarmState.Open),
                what: "the not-delivered alarm closed once the SMS went");
            resolved.State.Should().Be(AlarmState.StoodDown, "nobody need answer for an SMS that has gone");
            resolved.StoodDownWhy.Should().Be("the offer SMS went by twilio");
        });
    }

    [Fact]
    public async Task Throttling_is_waited_out_and_the_offer_sent_without_counting_as_a_failure()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var asha = await cover.ShiftWorkerAsync("Asha Throttled", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var throttled = 0;
            fixture.Twilio.Outage = () => Interlocked.Increment(ref throttled) <= 5 ? FakeTwilio.TooManyRequests(3) : null;

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "CB1 Cambridge");
            await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Attempts > 0 ? "tried" : null), what: "a first attempt");
            await PassAsync(fixture, Duration.FromSeconds(30), Duration.FromSeconds(3));

            await cover.SmsTo(asha.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            fixture.Twilio.Attempts.Should().Be(6, "five 429s waited out, then the SMS");
            (await cover.Dispatch(activationId, d => d.Offers[0].Sent)).Offers.Single().Status.Should().Be(OfferStatus.Open);
            (await AlarmsAsync(fixture, activationId)).Should().BeEmpty("being asked to wait is not a failure to deliver");
        });
    }

    [Fact]
    public async Task While_Twilio_is_down_the_offer_goes_by_the_second_provider_and_the_workers_YES_comes_back_through_it()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var vonage = fixture.Vonage!;
            var cover = new CoverScenario(fixture);
            var asha = await cover.ShiftWorkerAsync("Asha Second", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            fixture.Twilio.Outage = FakeTwilio.ServerError;

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "CB1 Cambridge");

            var offer = await Eventually.GetAsync(() => Task.FromResult(vonage.Messages.FirstOrDefault(m => m.To == asha.Phone)), what: "the offer through Vonage");
            offer.From.Should().Be(RosteringFixture.OurNumber);
            var sent = (await cover.Dispatch(activationId, d => d.Offers[0].Sent)).Offers.Single();
            sent.Provider.Should().Be(VonageProvider.ProviderName);
            sent.MessageSid.Should().Be(offer.MessageId);
            fixture.Twilio.Messages.Should().BeEmpty();
            (await cover.Published<Contracts.Rostering.OfferSent>(o => o.ActivationId == activationId, "the offer on the bus")).WorkerId.Should().Be(asha.Id);
            await cover.Published<Contracts.Rostering.MessagingProviderStatusChanged>(s => s.Provider == "twilio" && s.Failing, "Twilio failing, for the board");

            var code = offer.Text.Split("Reply YES ")[1].Split(' ')[0];
            using var forged = await InboundAsync(fixture, asha.Phone, $"YES {code}", "NOT-THE-SIGNATURE");
            forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            using var yes = await InboundAsync(fixture, asha.Phone, $"YES {code}");
            yes.StatusCode.Should().Be(HttpStatusCode.OK);
            (await cover.Dispatch(activationId, d => d.AcceptedWorkerId is not null)).AcceptedWorkerId.Should().Be(asha.Id);
            var reply = await Eventually.GetAsync(() => Task.FromResult(vonage.Messages.FirstOrDefault(m => m.To == asha.Phone && m.Text.Contains("is yours", StringComparison.Ordinal))),
                what: "the answer to her YES, by SMS through Vonage while Twilio is down");
            reply.Text.Should().Contain(code);
        }, withSecondProvider: true);
    }

    [Fact]
    public async Task An_offer_SMS_Twilio_took_but_answered_too_late_is_found_there_and_not_sent_again_by_either_provider()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var (cover, asha, activationId, taken) = await OfferTwilioTookButAnsweredLateAsync(fixture, "Asha Late");
            await PassAsync(fixture, Duration.FromSeconds(20), Duration.FromSeconds(2));

            var sent = (await cover.Dispatch(activationId, d => d.Offers[0].Sent)).Offers.Single();
            sent.MessageSid.Should().Be(taken.Sid, "the SMS Twilio took is the offer's, found by asking Twilio");
            sent.Provider.Should().Be("twilio");
            fixture.Twilio.Lookups.Should().BeGreaterThan(0);
            fixture.Twilio.Attempts.Should().Be(1, "asked for once, and found there");
            fixture.Twilio.Messages.Should().ContainSingle(m => m.To == asha.Phone, "Asha gets one offer, not two");
            fixture.Vonage!.Messages.Should().BeEmpty("the second provider is not tried while Twilio may have the SMS");
        }, withSecondProvider: true, twilioDeadline: TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_offer_SMS_Twilio_took_unanswered_is_still_looked_for_after_a_round_in_which_Twilio_could_not_be_asked()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var (cover, asha, activationId, taken) = await OfferTwilioTookButAnsweredLateAsync(fixture, "Asha Unknown");
            fixture.Twilio.Outage = FakeTwilio.ServerError;
            fixture.Twilio.LookupOutage = FakeTwilio.ServerError;
            await PassAsync(fixture, Duration.FromSeconds(6), Duration.FromSeconds(2));
            await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Lookups > 0 && fixture.Twilio.Attempts > 1 ? "a round" : null),
                what: "a round in which Twilio could neither be asked nor take the SMS");

            fixture.Twilio.Outage = null;
            fixture.Twilio.LookupOutage = null;
            await PassAsync(fixture, Duration.FromSeconds(60), Duration.FromSeconds(5));

            var sent = (await cover.Dispatch(activationId, d => d.Offers[0].Sent)).Offers.Single();
            sent.MessageSid.Should().Be(taken.Sid, "the first SMS is still looked for after the round that could not tell");
            fixture.Twilio.Messages.Should().ContainSingle(m => m.To == asha.Phone, "Asha gets one offer, not two");
        }, twilioDeadline: TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_offer_SMS_Twilio_never_took_before_the_deadline_passed_is_sent_once_Twilio_says_it_does_not_hold_it()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var asha = await cover.ShiftWorkerAsync("Asha Stuck", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var tried = 0;
            fixture.Twilio.Outage = () => Interlocked.Increment(ref tried) == 1 ? FakeTwilio.NoAnswer(TimeSpan.FromSeconds(4)) : null;

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "CB1 Cambridge");
            await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Attempts > 0 ? "tried" : null), what: "a first attempt at the offer SMS");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await PassAsync(fixture, Duration.FromSeconds(20), Duration.FromSeconds(2));

            var offer = await cover.SmsTo(asha.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            (await cover.Dispatch(activationId, d => d.Offers[0].Sent)).Offers.Single().MessageSid.Should().Be(offer.Sid);
            fixture.Twilio.Lookups.Should().BeGreaterThan(0, "Twilio is asked before the SMS is sent again");
            fixture.Twilio.Messages.Should().ContainSingle(m => m.To == asha.Phone);
        }, twilioDeadline: TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The activation closes while its offer SMS is being tried against a Twilio that will fail: the SMS is withdrawn even
    /// though a runner holds it at that moment, so once Twilio is back the worker is not asked to go to a closed call.
    /// </summary>
    [Fact]
    public async Task An_offer_SMS_being_tried_when_its_activation_closes_is_withdrawn_and_never_sent_once_Twilio_is_back()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var asha = await cover.ShiftWorkerAsync("Asha Closed", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var tried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            fixture.Twilio.Outage = () =>
            {
                tried.TrySetResult();
                return FakeTwilio.NoAnswer(TimeSpan.FromSeconds(3));
            };

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "CB1 Cambridge");
            await tried.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationClosed(activationId, "CarerAbleToCareAgain", "Coordinator C. Lee", cover.Now));
            var closed = await cover.Dispatch(activationId, d => d.ClosedAt is not null);

            fixture.Twilio.Outage = null;
            await PassAsync(fixture, Duration.FromMinutes(2), Duration.FromSeconds(10));

            fixture.Twilio.Messages.Should().NotContain(m => m.To == asha.Phone, "the offer closed with its activation before any attempt at its SMS went");
            var sms = await fixture.Rostering.Services.GetRequiredService<WorkQueue>().FindAsync(
                Dispatches.Offering.DispatchDesk.OfferSmsId(closed.Offers.Single().OfferId), CancellationToken.None);
            sms!.Outcome.Should().StartWith("cancelled");
        });
    }

    /// <summary>
    /// A worker on shift and an activation whose offer SMS Twilio takes at once but answers four seconds later, past the
    /// fixture's one-second deadline; returned once that attempt is stored as unanswered, before time moves on.
    /// </summary>
    private static async Task<(CoverScenario Cover, (Guid Id, string Phone) Worker, Guid ActivationId, SentSms Taken)> OfferTwilioTookButAnsweredLateAsync(
        RosteringFixture fixture, string workerName)
    {
        var cover = new CoverScenario(fixture);
        var worker = await cover.ShiftWorkerAsync(workerName, 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
        var answered = 0;
        fixture.Twilio.AnswerLate = () => Interlocked.Increment(ref answered) == 1 ? TimeSpan.FromSeconds(4) : null;

        var activationId = await cover.ActivationAsync(52.2053, 0.1218, "CB1 Cambridge");
        var taken = await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == worker.Phone)), what: "the offer SMS, taken by Twilio");
        await Task.Delay(TimeSpan.FromSeconds(2));
        return (cover, worker, activationId, taken);
    }

    /// <summary>Moves the clock on in steps, giving the runners a moment at each to do what came due.</summary>
    private static async Task PassAsync(RosteringFixture fixture, Duration total, Duration step)
    {
        for (var passed = Duration.Zero; passed < total; passed += step)
        {
            fixture.Clock.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(400));
        }
    }

    private static async Task<List<Alarm>> AlarmsAsync(RosteringFixture fixture, Guid activationId) =>
        (await fixture.Rostering.CreateClient().GetFromJsonAsync<List<Alarm>>($"/alarms?activationId={activationId}", AlarmJson))!;

    private static async Task<Alarm> NotDeliveredAlarmAsync(RosteringFixture fixture, Guid activationId) =>
        await Eventually.GetAsync(async () => (await AlarmsAsync(fixture, activationId)).FirstOrDefault(a => a.Kind == AlarmKinds.MessageNotDelivered),
            what: "the alarm that the offer's SMS is not getting through");

    private static readonly System.Text.Json.JsonSerializerOptions AlarmJson = ServiceDefaults.NodaTimeJson.Configure(
        new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });

    /// <summary>An SMS from <paramref name="from"/> as Vonage delivers it: a GET with the message's parameters, signed.</summary>
    private static async Task<HttpResponseMessage> InboundAsync(RosteringFixture fixture, string from, string text, string? signature = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["msisdn"] = from.TrimStart('+'), ["to"] = RosteringFixture.OurNumber.TrimStart('+'), ["messageId"] = Guid.NewGuid().ToString("N")[..16],
            ["text"] = text, ["type"] = "text", ["keyword"] = text.Split(' ')[0], ["message-timestamp"] = "2026-11-25 09:30:00",
            ["timestamp"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ["nonce"] = Guid.NewGuid().ToString(),
        };
        parameters["sig"] = signature ?? VonageSignatures.SignSms(FakeVonage.SignatureSecret, parameters);
        return await fixture.Rostering.CreateClient().GetAsync("/vonage/sms/inbound?" + string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }
}
