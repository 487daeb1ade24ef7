using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.EndToEnd;

/// <summary>Crisis intake asking the real card lookup: misheard numbers, callers without the card, planned cover.</summary>
public sealed class IntakeWithCardLookupTests(WholeSystemFixture system) : IClassFixture<WholeSystemFixture>
{
    private HttpClient Intake => system.Intake.CreateClient();

    [Fact]
    public async Task An_agency_over_card_lookups_limit_is_told_to_wait_with_a_429_and_nothing_is_opened_or_attached()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        var agency = system.Intake.CreateClientAsAgency($"Busy Agency {Guid.NewGuid():N}"[..24]);
        var report = new
        {
            cardNumber = card, reason = "Accident",
            reportedBy = new { agency = "ignored", name = "Call handler", callBackNumber = "+447700900321" },
        };

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 70 && (answers.Count == 0 || answers[^1].StatusCode != HttpStatusCode.TooManyRequests); i++)
        {
            answers.Add(await agency.PostAsJsonAsync("/activations", report));
        }

        var limited = answers[^1];
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "card lookup allows 60 look-ups a minute from one source");
        answers.Should().HaveCountGreaterThan(60);
        answers.SkipLast(1).Should().OnlyContain(a => a.IsSuccessStatusCode, "each report before the limit opened the activation or joined it");
        limited.Headers.RetryAfter!.Delta.Should().BePositive();
        (await limited.Content.ReadAsStringAsync()).Should().Contain("Too many card look-ups from this agency; nothing was opened");
        var activationId = (await answers[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
        var timeline = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{activationId}/timeline");
        timeline.EnumerateArray().Count(e => e.GetProperty("event").GetString() == "report_attached").Should().Be(answers.Count - 2, "the refused report joined nothing");
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task A_card_number_not_recognised_is_asked_for_once_more_then_the_caller_goes_straight_to_a_coordinator()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        var misheard = card[..^1] + (char)('0' + ((card[^1] - '0' + 1) % 10));
        var callSid = TwilioCaller.NewCallSid();
        var twilio = new TwilioCaller(Intake);

        var askedAgain = await twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: misheard));
        var putThrough = await twilio.TwiMLAsync("/twilio/voice/card?attempt=2", TwilioCaller.Call(callSid, digits: "4921773055"));

        askedAgain.Element("Gather")!.Attribute("action")!.Value.Should().Be("/twilio/voice/card?attempt=2");
        askedAgain.Element("Gather")!.Element("Say")!.Value.Should().Contain("not recognised");
        putThrough.Element("Dial").Should().NotBeNull();
        var timeline = await Timeline(PhoneCallIds.ActivationIdFor(callSid));
        var notIdentified = timeline.Single(e => e.GetProperty("event").GetString() == "card_not_identified");
        notIdentified.GetProperty("data").GetProperty("attempts").EnumerateArray().Select(a => a.GetString()).Should().Equal(misheard, "4921773055");
    }

    [Fact]
    public async Task A_card_the_phone_line_knows_is_recognised_with_card_lookup_out_of_reach_and_card_lookup_still_records_the_lookup()
    {
        var (carerId, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        await system.UntilThePhoneLineKnowsCardAsync(card);
        var callSid = TwilioCaller.NewCallSid();
        var caller = $"+4477009{Random.Shared.Next(10_000, 99_999)}";
        var id = PhoneCallIds.ActivationIdFor(callSid);

        system.CardLookupGateForIntake.Close();
        try
        {
            var twiml = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: card, from: caller));

            twiml.Element("Say")!.Value.Should().Contain("being activated for this card", "the phone line knew the card without asking card lookup");
            twiml.Element("Dial").Should().NotBeNull();
        }
        finally
        {
            system.CardLookupGateForIntake.Open();
        }

        var timeline = await Timeline(id);
        timeline.Single(e => e.GetProperty("event").GetString() == "card_verified").GetProperty("data").GetProperty("carerId").GetGuid().Should().Be(carerId);
        timeline.Single(e => e.GetProperty("event").GetString() == "card_recognised").GetProperty("summary").GetString().Should().Contain("card lookup not asked");
        (await CarerRosteringStaffsAsync(id)).Should().Be(carerId);
        var supervisor = system.CardLookup.CreateClientAs(Cers.Dispatch.ServiceDefaults.Access.CersRoles.Supervisor);
        var recorded = (await Eventually.GetAsync(async () =>
            (await supervisor.GetFromJsonAsync<JsonElement>($"/lookups?from={Iso(system.Clock.GetCurrentInstant() - Duration.FromHours(1))}"))
                .EnumerateArray().Where(r => r.GetProperty("requestedBy").GetString() == caller).ToList() is [var r] ? new[] { r } : null,
            what: "the phone line's recognition in card lookup's lookup record"))[0];
        recorded.GetProperty("channel").GetString().Should().Be("Phone");
        recorded.GetProperty("result").GetString().Should().Be("Found");
        recorded.GetProperty("cardNumber").GetString().Should().Be(card);
        recorded.GetProperty("carerId").GetGuid().Should().Be(carerId);
        recorded.GetProperty("query").GetString().Should().Be($"card {card}");
    }

    [Fact]
    public async Task A_card_the_phone_line_had_not_heard_of_is_remembered_from_card_lookups_answer_and_a_second_report_needs_no_card_lookup()
    {
        var (carerId, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        await system.UntilThePhoneLineKnowsCardAsync(card);
        await system.ForgetCardOnThePhoneLineAsync(card);
        var firstCall = TwilioCaller.NewCallSid();
        var id = PhoneCallIds.ActivationIdFor(firstCall);

        var first = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(firstCall, digits: card));
        first.Element("Say")!.Value.Should().Contain("being activated for this card", "card lookup recognised it");
        await system.UntilThePhoneLineKnowsCardAsync(card);
        system.CardLookupGateForIntake.Close();
        try
        {
            var second = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(TwilioCaller.NewCallSid(), digits: card, from: "+447700900456"));

            second.Element("Say")!.Value.Should().Contain("being activated for this card", "the phone line remembered the card card lookup recognised");
            second.Element("Dial").Should().NotBeNull();
        }
        finally
        {
            system.CardLookupGateForIntake.Open();
        }

        var timeline = (await Timeline(id)).Select(e => e.GetProperty("event").GetString()).ToList();
        timeline.Should().Contain("report_attached", "the second report joined the carer's open activation");
        timeline.Count(e => e == "card_recognised").Should().Be(1, "only the second report's card came from the card index");
        (await CarerRosteringStaffsAsync(id)).Should().Be(carerId);
    }

    [Fact]
    public async Task A_theft_whose_message_never_reached_the_phone_line_reaches_it_when_the_card_index_is_reconciled_with_card_lookup()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        await system.UntilThePhoneLineKnowsCardAsync(card);
        using var stolen = await system.CardLookup.CreateClient().PostAsJsonAsync($"/cards/{card}/loss", new { kind = "stolen", reportedBy = "carer by phone" });
        stolen.IsSuccessStatusCode.Should().BeTrue(await stolen.Content.ReadAsStringAsync());
        await system.UntilThePhoneLineKnowsCardAsync(card, "Stolen");
        await system.LoseCardsLastChangeOnThePhoneLineAsync(card);
        await system.UntilThePhoneLineKnowsCardAsync(card);

        var changed = await system.Intake.Services.GetRequiredService<Cers.Dispatch.CrisisIntake.CardIndex.ReconcilingCardIndex>().ReconcileAsync(CancellationToken.None);

        changed.Should().BeGreaterThan(0);
        await system.UntilThePhoneLineKnowsCardAsync(card, "Stolen");
        var callSid = TwilioCaller.NewCallSid();
        var twiml = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: card));
        twiml.Element("Say")!.Value.Should().Be(TakingCardNumber.ConnectingYou, "a stolen card is not taken as in use");
        (await Timeline(PhoneCallIds.ActivationIdFor(callSid))).Single(e => e.GetProperty("event").GetString() == "card_not_in_use")
            .GetProperty("summary").GetString().Should().Contain("stolen");
    }

    [Fact]
    public async Task A_card_of_an_erased_carer_is_no_longer_recognised_on_the_phone_line_and_the_caller_is_asked_again()
    {
        var (carerId, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        await system.UntilThePhoneLineKnowsCardAsync(card);
        using var erased = await system.CardLookup.CreateClientAs(Cers.Dispatch.ServiceDefaults.Access.CersRoles.Administrator)
            .PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = "erasure request DSR-2026-201" });
        erased.IsSuccessStatusCode.Should().BeTrue(await erased.Content.ReadAsStringAsync());
        await system.UntilThePhoneLineKnowsCardAsync(card, status: null);

        var twiml = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(TwilioCaller.NewCallSid(), digits: card));

        twiml.Element("Gather")!.Element("Say")!.Value.Should().Contain("not recognised", "card lookup says the card is no longer registered");
    }

    [Fact]
    public async Task A_card_keyed_while_card_lookup_was_down_is_checked_again_when_it_is_back_and_staffing_starts()
    {
        var (carerId, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        // A card the phone line has not heard of (issued a moment ago, say): only card lookup can say whose it is.
        await system.UntilThePhoneLineKnowsCardAsync(card);
        await system.ForgetCardOnThePhoneLineAsync(card);
        var callSid = TwilioCaller.NewCallSid();
        var id = PhoneCallIds.ActivationIdFor(callSid);

        system.CardLookupGateForIntake.Close();
        try
        {
            var putThrough = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: card));
            putThrough.Element("Dial").Should().NotBeNull("the caller reaches a coordinator at once, card lookup or not");
            await Eventually.GetAsync(async () => (await Timeline(id)).Any(e => e.GetProperty("event").GetString() == "card_not_identified") ? "recorded" : null);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            (await Timeline(id)).Should().NotContain(e => e.GetProperty("event").GetString() == "card_verified", "card lookup is still down");
        }
        finally
        {
            system.CardLookupGateForIntake.Open();
        }

        var events = await Eventually.GetAsync(async () =>
        {
            var timeline = await Timeline(id);
            return timeline.Any(e => e.GetProperty("event").GetString() == "card_verified") ? timeline : null;
        }, what: "the card verified once card lookup answers");
        events.Select(e => e.GetProperty("event").GetString()).Where(e => e is "card_not_identified" or "card_verified")
            .Should().Equal("card_not_identified", "card_verified");
        events.Single(e => e.GetProperty("event").GetString() == "card_verified").GetProperty("data").GetProperty("carerId").GetGuid().Should().Be(carerId);
        (await CarerRosteringStaffsAsync(id)).Should().Be(carerId);
    }

    [Fact]
    public async Task A_caller_without_the_card_identifies_the_carer_by_surname_date_of_birth_and_postcode()
    {
        var (carerId, card, surname) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());

        using var response = await Intake.PostAsJsonAsync("/activations", new
        {
            carer = new { surname, dateOfBirth = "1958-04-09", postcode = "cb1 2ad" },
            reason = "Accident",
            reportedBy = new { agency = "Cambridgeshire Constabulary", name = "PC Lee", callBackNumber = "+447700900321" },
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
        var verified = (await Timeline(id)).Single(e => e.GetProperty("event").GetString() == "card_verified").GetProperty("data");
        verified.GetProperty("carerId").GetGuid().Should().Be(carerId);
        verified.GetProperty("cardNumber").GetString().Should().Be(card);
    }

    [Fact]
    public async Task A_coordinator_identifies_the_carer_of_an_activation_whose_card_was_not_identified_and_staffing_starts()
    {
        var (carerId, card, surname) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        using var opened = await Intake.PostAsJsonAsync("/activations", new
        {
            carer = new { surname, dateOfBirth = "1958-09-04", postcode = "CB1 2AD" },
            reason = "AdmittedToHospital",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic R. Shah", callBackNumber = "+447700900654" },
        });
        opened.StatusCode.Should().Be(HttpStatusCode.Created, "a report that identifies nobody still opens an activation");
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
        (await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}")).GetProperty("identification").GetString().Should().Be("NotIdentified");
        var wrongDigit = card[..^1] + (char)('0' + ((card[^1] - '0' + 3) % 10));

        using var empty = await Intake.PostAsJsonAsync($"/activations/{id}/identification", new { cardNumber = "12", identifiedBy = " " });
        using var misread = await Intake.PostAsJsonAsync($"/activations/{id}/identification", new { cardNumber = wrongDigit, identifiedBy = "Coordinator A. Khan" });
        using var nobody = await Intake.PostAsJsonAsync($"/activations/{id}/identification", new
        {
            carer = new { surname = "Nobody-Matches", dateOfBirth = "1958-04-09", postcode = "CB1 2AD" },
            identifiedBy = "Coordinator A. Khan",
        });

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problems = await empty.Content.ReadFromJsonAsync<JsonElement>();
        problems.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["cardNumber", "identifiedBy"]);
        misread.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await misread.Content.ReadAsStringAsync()).Should().Contain("check digit");
        nobody.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await nobody.Content.ReadAsStringAsync()).Should().Contain("No single carer matches");
        (await Timeline(id)).Should().NotContain(e => e.GetProperty("event").GetString() == "card_verified", "refused identifications change nothing");

        using var identified = await Intake.PostAsJsonAsync($"/activations/{id}/identification", new { cardNumber = card, identifiedBy = "Coordinator A. Khan" });
        using var again = await Intake.PostAsJsonAsync($"/activations/{id}/identification", new
        {
            carer = new { surname, dateOfBirth = "1958-04-09", postcode = "cb1 2ad" },
            identifiedBy = "Coordinator B. Jones",
        });

        identified.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = await identified.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("identification").GetString().Should().Be("Verified");
        view.GetProperty("carerId").GetGuid().Should().Be(carerId);
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the same carer named again changes nothing");
        var timeline = await Timeline(id);
        timeline.Select(e => e.GetProperty("event").GetString()).Where(e => e is "card_not_identified" or "card_verified")
            .Should().Equal("card_not_identified", "card_verified");
        timeline.Single(e => e.GetProperty("event").GetString() == "card_verified").GetProperty("summary").GetString()
            .Should().Contain($"Card {card} verified").And.EndWith("identified by Coordinator A. Khan");
        (await CarerRosteringStaffsAsync(id)).Should().Be(carerId);

        using var secondReport = await Intake.PostAsJsonAsync("/activations", new
        {
            cardNumber = card,
            reason = "AdmittedToHospital",
            reportedBy = new { agency = "Addenbrooke's Hospital", name = "Ward sister", callBackNumber = "+447700900655" },
        });
        secondReport.StatusCode.Should().Be(HttpStatusCode.OK, "a later report with the card joins the activation the coordinator identified");
        (await secondReport.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid().Should().Be(id);
    }

    [Fact]
    public async Task Reports_with_the_carers_old_card_and_with_the_new_one_join_one_activation()
    {
        var (carerId, oldCard, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        using var replaced = await system.CardLookup.CreateClient().PostAsJsonAsync($"/cards/{oldCard}/replacement", new { replacedBy = "hub: J Brown" });
        replaced.StatusCode.Should().Be(HttpStatusCode.Created, await replaced.Content.ReadAsStringAsync());
        var newCard = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cardNumber").GetString()!;

        var callSid = TwilioCaller.NewCallSid();
        await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: oldCard));
        using var withNewCard = await Intake.PostAsJsonAsync("/activations", new
        {
            cardNumber = newCard,
            reason = "AdmittedToHospital",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic J. Okafor", callBackNumber = "+447700900655" },
        });

        withNewCard.StatusCode.Should().Be(HttpStatusCode.OK, "the carer's new card joins the activation opened with the old one");
        (await withNewCard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid().Should().Be(PhoneCallIds.ActivationIdFor(callSid));
        var activation = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{PhoneCallIds.ActivationIdFor(callSid)}");
        activation.GetProperty("carerId").GetGuid().Should().Be(carerId);
        (await Timeline(PhoneCallIds.ActivationIdFor(callSid))).Should().Contain(e => e.GetProperty("event").GetString() == "report_attached");
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("suspension")]
    [InlineData("replacement")]
    public async Task A_card_no_longer_in_use_reaches_a_coordinator_to_confirm_the_carer_and_nobody_is_offered_it_until_then(string change)
    {
        var (carerId, card, surname) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        await Seed.CareWorkerOnCallAsync(system.Rostering.CreateClient(), $"Near {change}", 52.2000, 0.1370);
        object body = change switch
        {
            "loss" => new { kind = "lost", reportedBy = "carer by phone" },
            "suspension" => new { reason = "MovedAway", suspendedBy = "hub: J Brown" },
            _ => new { replacedBy = "hub: J Brown" },
        };
        using var changed = await system.CardLookup.CreateClient().PostAsJsonAsync($"/cards/{card}/{change}", body);
        changed.IsSuccessStatusCode.Should().BeTrue(await changed.Content.ReadAsStringAsync());
        await system.UntilThePhoneLineKnowsCardAsync(card, change switch { "loss" => "Lost", "suspension" => "Suspended", _ => "Replaced" });
        var callSid = TwilioCaller.NewCallSid();
        var id = PhoneCallIds.ActivationIdFor(callSid);

        var twiml = await new TwilioCaller(Intake).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: card));

        twiml.Element("Say")!.Value.Should().NotContain("being activated", "the caller is not told cover is coming for a card no longer in use");
        twiml.Element("Dial").Should().NotBeNull("the caller reaches a coordinator");
        var notInUse = await Eventually.GetAsync(async () => (await Timeline(id)).FirstOrDefault(e => e.GetProperty("event").GetString() == "card_not_in_use") is { ValueKind: JsonValueKind.Object } e ? e.GetProperty("summary").GetString() : null);
        notInUse.Should().Contain("confirm the carer");
        var rostering = system.Rostering.CreateClient();
        var offersWhileWaiting = await Eventually.GetAsync(async () =>
            (await rostering.GetAsync($"/dispatches/{id}")) is { IsSuccessStatusCode: true } r && await r.Content.ReadFromJsonAsync<JsonElement>() is var d
            && d.GetProperty("status").GetString() == "AwaitingCarerIdentification" ? d.GetProperty("offers").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            what: "rostering waiting for the coordinator");
        offersWhileWaiting.Should().Be("0", "no offer goes out until the coordinator confirms the carer");

        using var confirmed = await Intake.PostAsJsonAsync($"/activations/{id}/identification", new
        {
            carer = new { surname, dateOfBirth = "1958-04-09", postcode = "CB1 2AD" },
            identifiedBy = "Coordinator A. Khan",
        });

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        (await CarerRosteringStaffsAsync(id)).Should().Be(carerId);
        await Eventually.GetAsync(async () => (await rostering.GetFromJsonAsync<JsonElement>($"/dispatches/{id}")).GetProperty("offers").GetArrayLength() > 0 ? "offered" : null,
            what: "the first offer, once the coordinator confirmed the carer");
    }

    [Fact]
    public async Task A_partner_reading_a_wrong_check_digit_is_told_so_and_nothing_is_opened()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        var wrong = card[..^1] + (char)('0' + ((card[^1] - '0' + 3) % 10));

        using var response = await Intake.PostAsJsonAsync("/activations", new { cardNumber = wrong, reason = "Illness", reportedBy = new { agency = "NHS 111", name = "Call handler" } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Card number not valid");
    }

    [Fact]
    public async Task Planned_cover_holds_a_worker_ahead_becomes_an_activation_at_the_booked_time_moved_or_not_and_a_cancelled_booking_never_does()
    {
        var (carerId, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        var chidi = await Seed.CareWorkerOnCallAsync(system.Rostering.CreateClient(), "Chidi Eze", 52.2000, 0.1370);
        await Eventually.GetAsync(async () => (await system.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/staff/{chidi.Id}")).ValueKind == JsonValueKind.Object ? "known" : null);
        var now = system.Clock.GetCurrentInstant();
        var booking = await Book(card, now + Duration.FromHours(2), now + Duration.FromHours(5));
        var cancelled = await Book(card, now + Duration.FromHours(3), now + Duration.FromHours(4));
        var unmoved = await Book(card, now + Duration.FromMinutes(330), now + Duration.FromHours(6));
        var tomorrow = await Book(card, now + Duration.FromHours(26), now + Duration.FromHours(28));
        (await Intake.PostAsJsonAsync($"/planned-cover/{booking}/move", new { startsAt = Iso(now + Duration.FromHours(1)), endsAt = Iso(now + Duration.FromHours(4)), movedBy = "Carer" })).EnsureSuccessStatusCode();
        (await Intake.PostAsJsonAsync($"/planned-cover/{cancelled}/cancel", new { cancelledBy = "Carer", reason = "Appointment cancelled by the hospital" })).EnsureSuccessStatusCode();

        var held = await Eventually.GetAsync(() => Task.FromResult(system.Twilio.Messages.FirstOrDefault(m => m.To == chidi.Phone && m.Body.Contains("you are booked to cover", StringComparison.Ordinal))), what: "the reserved worker's SMS");
        held.Body.Should().Contain("Addenbrooke's").And.NotContain("Mill Road");
        SentSms? BookedFor(Instant startsAt) => system.Twilio.Messages.FirstOrDefault(m => m.To == chidi.Phone && m.Body.Contains("you are booked to cover", StringComparison.Ordinal)
            && m.Body.Contains(LondonTime.Show(startsAt), StringComparison.Ordinal));
        (await Eventually.GetAsync(() => Task.FromResult(BookedFor(now + Duration.FromMinutes(330))), what: "the SMS holding the worker for later today"))
            .Body.Should().NotContain("remind you", "a booking for today has no day-before reminder");
        (await Eventually.GetAsync(() => Task.FromResult(BookedFor(now + Duration.FromHours(26))), what: "the SMS holding the worker for tomorrow"))
            .Body.Should().Contain("We will remind you the day before");
        var reservations = await system.Rostering.CreateClient().GetFromJsonAsync<JsonElement>("/reservations");
        reservations.EnumerateArray().Single(r => r.GetProperty("bookingId").GetGuid() == tomorrow).GetProperty("workerName").GetString()
            .Should().Be("Chidi Eze", "rostering says who it holds for each booking");

        system.Clock.Advance(Duration.FromHours(6));

        var startedActivation = await Eventually.GetAsync(async () =>
        {
            var b = await Intake.GetFromJsonAsync<JsonElement>($"/planned-cover/{booking}");
            return b.GetProperty("status").GetString() == "Started" ? b.GetProperty("activationId").GetString() : null;
        }, within: TimeSpan.FromSeconds(30), what: "the booking to start");
        var activationId = Guid.Parse(startedActivation);
        var activation = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{activationId}");
        activation.GetProperty("channel").GetString().Should().Be("PlannedCover");
        activation.GetProperty("carerId").GetGuid().Should().Be(carerId);
        (await Intake.GetFromJsonAsync<JsonElement>($"/planned-cover/{cancelled}")).GetProperty("status").GetString().Should().Be("Cancelled");
        var offer = await Eventually.GetAsync(() => Task.FromResult(system.Twilio.Messages.FirstOrDefault(m => m.To == chidi.Phone && m.Body.Contains("Reply YES", StringComparison.Ordinal))), what: "the offer to the reserved worker");
        offer.Should().NotBeNull("when the booked time comes, the worker held for it is asked first");
        await Eventually.GetAsync(
            async () => (await Intake.GetFromJsonAsync<JsonElement>($"/planned-cover/{unmoved}")).GetProperty("status").GetString() == "Started" ? "started" : null,
            within: TimeSpan.FromSeconds(30), what: "the booking that was never moved to start too, through its own start timer");
        var reminder = await Eventually.GetAsync(
            () => Task.FromResult(system.Twilio.Messages.FirstOrDefault(m => m.To == chidi.Phone && m.Body.StartsWith("CERS reminder", StringComparison.Ordinal))),
            what: "the day-before reminder for tomorrow's booking");
        reminder.Body.Should().Contain(LondonTime.Show(now + Duration.FromHours(26)));
        system.Twilio.Messages.Where(m => m.To == chidi.Phone && m.Body.StartsWith("CERS reminder", StringComparison.Ordinal)).Should()
            .ContainSingle("only the booking made a day ahead is reminded; same-day bookings are not told \"tomorrow\"");
        (await Intake.GetFromJsonAsync<JsonElement>($"/planned-cover/{tomorrow}")).GetProperty("status").GetString().Should().Be("Booked");
    }

    [Fact]
    public async Task Planned_cover_longer_than_48_hours_or_in_the_past_is_refused()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        var now = system.Clock.GetCurrentInstant();

        using var tooLong = await PostBooking(card, now + Duration.FromHours(1), now + Duration.FromHours(50));
        using var past = await PostBooking(card, now - Duration.FromHours(1), now + Duration.FromHours(2));

        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).Should().Contain("at most 48 hours");
        past.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain("startsAt");
    }

    [Fact]
    public async Task Planned_cover_is_listed_soonest_first_in_a_window_upcoming_by_default_cancelled_ones_too_and_rostering_says_who_is_held()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient());
        var now = system.Clock.GetCurrentInstant();
        // Weeks ahead of every other test's bookings, so the window holds only these.
        var day = now + Duration.FromDays(40);
        var later = await Book(card, day + Duration.FromHours(5), day + Duration.FromHours(7));
        var sooner = await Book(card, day + Duration.FromHours(1), day + Duration.FromHours(3));
        var cancelled = await Book(card, day + Duration.FromHours(2), day + Duration.FromHours(4));
        var nextWeek = await Book(card, day + Duration.FromDays(7), day + Duration.FromDays(7) + Duration.FromHours(2));
        (await Intake.PostAsJsonAsync($"/planned-cover/{cancelled}/cancel", new { cancelledBy = "Carer", reason = "Appointment cancelled by the hospital" })).EnsureSuccessStatusCode();

        var window = await Intake.GetFromJsonAsync<JsonElement>($"/planned-cover?from={Iso(day)}&to={Iso(day + Duration.FromDays(1))}");
        var upcoming = await Intake.GetFromJsonAsync<JsonElement>("/planned-cover");
        using var backwards = await Intake.GetAsync($"/planned-cover?from={Iso(day)}&to={Iso(day - Duration.FromHours(1))}");
        using var notATime = await Intake.GetAsync("/planned-cover?from=tomorrow");

        window.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).Should().Equal([sooner, cancelled, later], "soonest first, whatever their status");
        window.EnumerateArray().Single(b => b.GetProperty("id").GetGuid() == cancelled).GetProperty("status").GetString().Should().Be("Cancelled");
        window.EnumerateArray().First().GetProperty("appointment").GetProperty("place").GetString().Should().Be("Addenbrooke's, outpatients");
        upcoming.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).Should().ContainInOrder(sooner, cancelled, later, nextWeek);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("to");
        notATime.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notATime.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("from");

        var rostering = system.Rostering.CreateClient();
        var reservations = await Eventually.GetAsync(async () =>
        {
            var listed = (await rostering.GetFromJsonAsync<JsonElement>($"/reservations?from={Iso(day)}")).EnumerateArray().ToList();
            return listed.Any(r => r.GetProperty("bookingId").GetGuid() == sooner) && listed.Any(r => r.GetProperty("bookingId").GetGuid() == later) ? listed : null;
        }, what: "rostering's reservations for the bookings");
        reservations.Where(r => r.GetProperty("bookingId").GetGuid() == sooner || r.GetProperty("bookingId").GetGuid() == later).Should()
            .OnlyContain(r => r.GetProperty("workerName").ValueKind == JsonValueKind.String || r.GetProperty("unfilled").ValueKind == JsonValueKind.String,
                "each booking has a worker held, or says why nobody could be");
        using var notATimeForRostering = await rostering.GetAsync("/reservations?from=tomorrow");
        notATimeForRostering.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private async Task<Guid> Book(string card, Instant startsAt, Instant endsAt)
    {
        using var response = await PostBooking(card, startsAt, endsAt);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> PostBooking(string card, Instant startsAt, Instant endsAt) =>
        Intake.PostAsJsonAsync("/planned-cover", new
        {
            cardNumber = card,
            appointment = new { kind = "Hospital", place = "Addenbrooke's, outpatients" },
            startsAt = Iso(startsAt),
            endsAt = Iso(endsAt),
            bookedBy = new { name = "Margaret Hale", role = "carer" },
        });

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>The carer whose plan rostering staffs for the activation, once it has been told.</summary>
    private async Task<Guid> CarerRosteringStaffsAsync(Guid activationId)
    {
        var carer = await Eventually.GetAsync(async () =>
        {
            using var response = await system.Rostering.CreateClient().GetAsync($"/dispatches/{activationId}");
            var dispatch = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            return dispatch.ValueKind == JsonValueKind.Object && dispatch.GetProperty("carerId").ValueKind == JsonValueKind.String ? dispatch.GetProperty("carerId").GetString() : null;
        }, what: "rostering told whose plan to staff");
        return Guid.Parse(carer);
    }

    private async Task<List<JsonElement>> Timeline(Guid id) =>
        (await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).EnumerateArray().ToList();
}
