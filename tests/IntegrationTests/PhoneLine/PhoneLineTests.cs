using System.Net;
using System.Xml.Linq;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.IntegrationTests.PhoneLine;

public sealed class PhoneLineTests(PhoneLineFixture fixture) : IClassFixture<PhoneLineFixture>
{
    [Fact]
    public async Task An_incoming_call_is_greeted_and_asked_for_the_card_by_keypad_or_voice()
    {
        var twiml = await fixture.Twilio.TwiMLAsync("/twilio/voice/incoming", TwilioCaller.Call(TwilioCaller.NewCallSid()));

        var gather = twiml.Element("Gather")!;
        gather.Attribute("input")!.Value.Should().Be("dtmf speech");
        gather.Attribute("action")!.Value.Should().Be("/twilio/voice/card?attempt=1");
        gather.Element("Say")!.Value.Should().Be(AnsweringCall.Greeting);
        twiml.Element("Redirect")!.Value.Should().Be("/twilio/voice/card?attempt=1", "silence must still lead somewhere");
    }

    [Fact]
    public void Intakes_relay_is_held_by_the_same_count_of_calls_in_hand_that_the_voice_webhooks_keep()
    {
        var gate = fixture.Intake.Services.GetRequiredService<IRelayGate>();

        gate.Should().BeSameAs(fixture.Intake.Services.GetRequiredService<CallsBeingAnswered>(),
            "a burst of callers holds back intake's relay only if the relay asks the count the webhooks keep");
    }

    [Theory]
    [InlineData("/twilio/voice/incoming")]
    [InlineData("/twilio/voice/card?attempt=1")]
    [InlineData("/twilio/voice/dial-status?attempt=0")]
    [InlineData("/twilio/voice/status")]
    public async Task Unsigned_and_forged_webhooks_are_refused_and_change_nothing(string path)
    {
        var before = await EventCount();
        var form = TwilioCaller.Call(TwilioCaller.NewCallSid());

        using var unsigned = await fixture.Twilio.PostAsync(path, form, withSignature: false);
        using var forged = await fixture.Twilio.PostAsync(path, form, signature: "bm90IGEgc2lnbmF0dXJl");
        using var otherToken = await new TwilioCaller(fixture.Intake.CreateClient(), authToken: "someone-elses-token").PostAsync(path, form);

        unsigned.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherToken.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await EventCount()).Should().Be(before);
    }

    [Fact]
    public async Task An_oversized_webhook_is_refused_unread_and_a_malformed_one_is_a_clear_400_signed_or_not()
    {
        var before = await EventCount();
        var huge = TwilioCaller.Call(TwilioCaller.NewCallSid());
        huge["SpeechResult"] = new string('x', 5 * 1024 * 1024);
        var many = TwilioCaller.Call(TwilioCaller.NewCallSid());
        foreach (var i in Enumerable.Range(0, 1_100))
        {
            many[$"Field{i}"] = "x";
        }

        var nul = TwilioCaller.Call(TwilioCaller.NewCallSid(), digits: "4921\u0000773");

        using var unsignedHuge = await fixture.Twilio.PostAsync("/twilio/voice/card?attempt=1", huge, withSignature: false);
        using var signedMany = await fixture.Twilio.PostAsync("/twilio/voice/card?attempt=1", many);
        using var signedNul = await fixture.Twilio.PostAsync("/twilio/voice/card?attempt=1", nul);

        unsignedHuge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        signedMany.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await signedMany.Content.ReadAsStringAsync()).Should().Contain("Form value count limit");
        signedNul.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await signedNul.Content.ReadAsStringAsync()).Should().Contain("invalid characters");
        (await EventCount()).Should().Be(before, "nothing from a refused webhook is stored");
    }

    [Fact]
    public async Task A_request_signed_for_another_URL_is_refused()
    {
        var form = TwilioCaller.Call(TwilioCaller.NewCallSid());
        var signedForElsewhere = TwilioSigning.Sign(
            IntakeSettings.TwilioAuthToken, "https://attacker.example/twilio/voice/incoming", form);

        using var response = await fixture.Twilio.PostAsync("/twilio/voice/incoming", form, signature: signedForElsewhere);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Silence_puts_the_caller_straight_through_and_opens_an_activation_marked_card_not_identified()
    {
        var callSid = TwilioCaller.NewCallSid();

        var twiml = await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));

        DialledNumber(twiml).Should().Be(PhoneLineFixture.CoordinatorPhone);
        var events = await EventsOf(callSid);
        events.Should().SatisfyRespectively(
            e => e.Should().BeOfType<ActivationOpened>().Which.Channel.Should().Be(Channel.Phone),
            e => e.Should().BeOfType<CardNotIdentified>().Which.Why.Should().Contain("nothing heard"),
            e => e.Should().BeOfType<CoordinatorDialled>().Which.Phone.Should().Be(PhoneLineFixture.CoordinatorPhone));
    }

    [Fact]
    public async Task The_callers_number_is_kept_only_sealed_on_the_activation_and_shown_as_the_call_back_number()
    {
        var callSid = TwilioCaller.NewCallSid();

        await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, from: "+447700900456"));

        var activationId = PhoneCallIds.ActivationIdFor(callSid);
        await using var session = fixture.Store.QuerySession();
        var schema = fixture.Intake.Schema;
        (await session.QueryAsync<long>($"select count(*) from {schema}.mt_events where data::text like ?", "%7700900456%")).Single()
            .Should().Be(0, "the caller's number is sealed on the activation");
        (await session.QueryAsync<long>($"select count(*) from {schema}.mt_doc_phonecall where data::text like ?", "%7700900456%")).Single()
            .Should().Be(0, "the call's own record does not keep it");
        var activation = System.Text.Json.JsonDocument.Parse(await fixture.Intake.CreateClient().GetStringAsync($"/activations/{activationId}")).RootElement;
        activation.GetProperty("reportedBy").GetProperty("callBackNumber").GetString().Should().Be("+447700900456", "the coordinator can call the caller back");
    }

    [Fact]
    public async Task The_log_names_the_webhooks_a_call_used_but_never_the_callers_number_or_the_card_keyed()
    {
        var callSid = TwilioCaller.NewCallSid();

        await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, from: "+447700900789", digits: "492177305526"));

        await EventsOf(callSid);
        var log = await File.ReadAllTextAsync(Path.Combine(TestLogFile.Directory, $"{fixture.Intake.Schema}.log"));
        log.Should().Contain("Request finished POST /twilio/voice/card 200");
        log.Should().NotContain("7700900789").And.NotContain("492177305526", "card lookup is asked for the card, but the request is not logged");
    }

    [Fact]
    public async Task When_card_lookup_is_down_a_keyed_card_still_reaches_a_coordinator_at_once()
    {
        var callSid = TwilioCaller.NewCallSid();

        var twiml = await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: "492177305518"));

        DialledNumber(twiml).Should().Be(PhoneLineFixture.CoordinatorPhone);
        var events = await EventsOf(callSid);
        events.OfType<ActivationOpened>().Single().CardNumber.Should().Be("492177305518");
        events.OfType<CardNotIdentified>().Single().Why.Should().Contain("card lookup unavailable");
    }

    [Fact]
    public async Task Twilio_retrying_the_same_CallSid_never_opens_a_second_activation()
    {
        var callSid = TwilioCaller.NewCallSid();

        var first = await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        var retried = await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));

        DialledNumber(retried).Should().Be(DialledNumber(first));
        await using var session = fixture.Store.QuerySession();
        (await session.Query<Activation>().Where(a => a.Id == PhoneCallIds.ActivationIdFor(callSid)).CountAsync()).Should().Be(1);
        (await EventsOf(callSid)).OfType<ActivationOpened>().Should().ContainSingle();
    }

    [Fact]
    public async Task A_coordinator_who_does_not_answer_is_followed_by_the_next_in_the_chain_then_the_duty_manager_and_round_again()
    {
        var callSid = TwilioCaller.NewCallSid();
        await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));

        var second = await fixture.Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=0", DialOutcome(callSid, "no-answer"));
        var third = await fixture.Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=1", DialOutcome(callSid, "busy"));
        var retriedCallback = await fixture.Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=1", DialOutcome(callSid, "busy"));

        DialledNumber(second).Should().Be(IntakeSettings.DutyManagerPhone);
        DialledNumber(third).Should().Be(PhoneLineFixture.CoordinatorPhone, "after the duty manager the chain starts again: nobody is left on hold with no one");
        DialledNumber(retriedCallback).Should().Be(PhoneLineFixture.CoordinatorPhone);
        var events = await EventsOf(callSid);
        events.OfType<CoordinatorDidNotAnswer>().Select(e => e.DialStatus).Should().Equal("no-answer", "busy");
        events.OfType<CoordinatorDialled>().Select(e => e.Phone).Should().Equal(
            PhoneLineFixture.CoordinatorPhone, IntakeSettings.DutyManagerPhone, PhoneLineFixture.CoordinatorPhone);
    }

    [Fact]
    public async Task An_answered_coordinator_and_each_call_status_are_recorded_once()
    {
        var callSid = TwilioCaller.NewCallSid();
        await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));

        var answered = await fixture.Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=0", DialOutcome(callSid, "completed"));
        foreach (var status in new[] { "in-progress", "completed", "completed" })
        {
            var form = TwilioCaller.Call(callSid);
            form["CallStatus"] = status;
            form["CallDuration"] = "312";
            using var response = await fixture.Twilio.PostAsync("/twilio/voice/status", form);
            response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        answered.Elements().Should().BeEmpty("the caller spoke to the coordinator; the call may end");
        var events = await EventsOf(callSid);
        events.OfType<CoordinatorAnswered>().Should().ContainSingle().Which.Phone.Should().Be(PhoneLineFixture.CoordinatorPhone);
        events.OfType<CallStatusRecorded>().Select(e => e.Status).Should().Equal("in-progress", "completed");
    }

    /// <summary>
    /// Another step is being stored on the activation (a timeline entry from rostering) at the moment Twilio reports the
    /// dialled coordinator did not answer: both land, and the caller is put through to the next in the chain. A failed
    /// action webhook would have Twilio end the emergency call.
    /// </summary>
    [Fact]
    public async Task A_dial_status_that_meets_another_write_to_the_activation_still_puts_the_caller_through_to_the_next()
    {
        var callSid = TwilioCaller.NewCallSid();
        await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        await using var meanwhile = await AppendUncommittedAsync(PhoneCallIds.ActivationIdFor(callSid));
        var errorsBefore = await MartenErrorsLoggedAsync();

        var dialStatus = fixture.Twilio.PostAsync("/twilio/voice/dial-status?attempt=0", DialOutcome(callSid, "no-answer"));
        await Task.Delay(300);
        await meanwhile.CommitAsync();
        using var response = await dialStatus;

        response.StatusCode.Should().Be(HttpStatusCode.OK, "Twilio ends the call when its action webhook fails");
        DialledNumber(XElement.Parse(await response.Content.ReadAsStringAsync())).Should().Be(IntakeSettings.DutyManagerPhone);
        var events = await EventsOf(callSid);
        events.OfType<ServiceReported>().Should().ContainSingle();
        events.OfType<CoordinatorDidNotAnswer>().Should().ContainSingle();
        (await MartenErrorsLoggedAsync()).Should().Be(errorsBefore, "a meeting that is decided again is no error for whoever watches the logs");
    }

    private async Task<int> MartenErrorsLoggedAsync()
    {
        var path = Path.Combine(TestLogFile.Directory, $"{fixture.Intake.Schema}.log");
        return File.Exists(path)
            ? (await File.ReadAllLinesAsync(path)).Count(line => line.Contains(" Error Marten.IDocumentStore", StringComparison.Ordinal))
            : 0;
    }

    [Fact]
    public async Task A_call_status_that_meets_another_write_to_the_activation_is_recorded_all_the_same()
    {
        var callSid = TwilioCaller.NewCallSid();
        await fixture.Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        await using var meanwhile = await AppendUncommittedAsync(PhoneCallIds.ActivationIdFor(callSid));
        var form = TwilioCaller.Call(callSid);
        form["CallStatus"] = "completed";

        var callStatus = fixture.Twilio.PostAsync("/twilio/voice/status", form);
        await Task.Delay(300);
        await meanwhile.CommitAsync();
        using var response = await callStatus;

        response.StatusCode.Should().Be(HttpStatusCode.NoContent, "Twilio does not send a call's status again");
        (await EventsOf(callSid)).OfType<CallStatusRecorded>().Should().ContainSingle().Which.Status.Should().Be("completed");
    }

    /// <summary>A timeline entry stored on the activation by a transaction left open, as another writer would be at that moment.</summary>
    private async Task<OpenWrite> AppendUncommittedAsync(Guid activationId)
    {
        var connection = await fixture.Intake.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var other = fixture.Store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        other.Events.Append(activationId, new ServiceReported(activationId, "rostering", "offer-sent", "Offer 1 sent", Guid.NewGuid(), NodaTime.SystemClock.Instance.GetCurrentInstant()));
        await other.SaveChangesAsync();
        return new OpenWrite(connection, transaction);
    }

    private sealed record OpenWrite(Npgsql.NpgsqlConnection Connection, Npgsql.NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public Task CommitAsync() => Transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private static Dictionary<string, string> DialOutcome(string callSid, string dialStatus)
    {
        var form = TwilioCaller.Call(callSid);
        form["DialCallStatus"] = dialStatus;
        form["DialCallSid"] = TwilioCaller.NewCallSid();
        return form;
    }

    private static string DialledNumber(XElement twiml) => twiml.Element("Dial")!.Element("Number")!.Value;

    private async Task<IReadOnlyList<object>> EventsOf(string callSid)
    {
        await using var session = fixture.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(PhoneCallIds.ActivationIdFor(callSid))).Select(e => e.Data).ToList();
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
