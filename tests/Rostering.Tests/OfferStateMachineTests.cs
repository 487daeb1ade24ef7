using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class OfferStateMachineTests
{
    private static readonly Guid ActivationId = Guid.NewGuid();
    private static readonly Guid Asha = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 9, 30);
    private static readonly OfferOptions Options = new() { DeadlineMinutes = 10, MaxAttemptsBeforeEscalation = 2 };
    private static readonly AlertContact Coordinator = new("Cora", "+447700900200", "coordinator");

    private static StaffDispatch Given(params object[] events) =>
        events.Aggregate(
            StaffDispatch.Create(new DispatchRequested(ActivationId, Guid.NewGuid(), "PhoneLine", "492177305518", "AdmittedToHospital", T0, T0))
                .Fold(new CarerIdentified(ActivationId, Guid.NewGuid(), "492177305518", "england-and-wales", "CB1 Cambridge", "crisis-intake", T0)),
            (state, e) => state.Fold(e));

    private static NextOffer Next(Guid worker, string name, string code, string? chosenBy = null) =>
        new(new RankedCandidate(1, worker, name, 1.2, 3, ["1.2 km from base"]), "+447700900100", Guid.NewGuid(), code, chosenBy);

    private static OfferMade Made(Guid offerId, Guid worker, string code, Instant at) =>
        new(ActivationId, offerId, worker, "W", "+447700900100", code, 1, [], null, at);

    [Fact]
    public void Given_a_ranked_worker_When_moving_on_Then_an_offer_is_made_and_no_deadline_runs_until_its_SMS_has_gone()
    {
        var next = Next(Asha, "Asha", "K7QF");

        var events = OfferDecider.MoveOn(Given(), [next], [Coordinator], Options, Guid.NewGuid(), T0);

        events.Should().BeEquivalentTo(new object[]
        {
            new OfferMade(ActivationId, next.OfferId, Asha, "Asha", "+447700900100", "K7QF", 1, ["1.2 km from base"], null, T0),
        }, o => o.RespectingRuntimeTypes());
        Given(events.ToArray()).OpenOffers().Single().DeadlineAt.Should().BeNull();
    }

    [Fact]
    public void Given_an_offer_whose_SMS_was_held_up_When_a_provider_accepts_it_Then_the_ten_minutes_to_answer_start_then()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0));
        var sentAt = T0 + Duration.FromMinutes(7);

        var events = OfferDecider.SmsSent(state, offerId, "twilio", "SM1", Options, sentAt);

        events.Should().BeEquivalentTo(new object[]
        {
            new OfferSmsSent(ActivationId, offerId, Asha, "W", 1, null, "twilio", "SM1", sentAt, sentAt + Duration.FromMinutes(10)),
            new OfferDeadlineSet(ActivationId, offerId, OfferDecider.DeadlineTimerId(offerId), sentAt + Duration.FromMinutes(10)),
        }, o => o.RespectingRuntimeTypes());
        OfferDecider.SmsSent(Given([Made(offerId, Asha, "K7QF", T0), .. events]), offerId, "second", "X2", Options, sentAt)
            .Should().BeEmpty("the SMS is recorded once, however often its outcome is heard");
    }

    [Fact]
    public void Given_Asha_answered_before_her_SMS_was_recorded_as_sent_When_the_providers_acceptance_is_recorded_Then_it_is_kept_without_a_deadline()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0), new OfferAccepted(ActivationId, offerId, Asha, T0 + Duration.FromSeconds(1)));

        var events = OfferDecider.SmsSent(state, offerId, "twilio", "SM1", Options, T0);

        events.Should().BeEquivalentTo(new object[]
        {
            new OfferSmsSent(ActivationId, offerId, Asha, "W", 1, null, "twilio", "SM1", T0, T0 + Duration.FromMinutes(10)),
        }, o => o.RespectingRuntimeTypes(), "the timeline must still say the offer went to Asha, and an answered offer needs no deadline");
    }

    [Fact]
    public void Given_an_open_offer_to_Asha_When_Asha_replies_YES_Then_accepted_and_the_timer_cancelled()
    {
        var offerId = Guid.NewGuid();
        var timer = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0), new OfferDeadlineSet(ActivationId, offerId, timer, T0 + Duration.FromMinutes(10)));

        var reply = OfferDecider.Accept(state, offerId, Asha, null, T0 + Duration.FromMinutes(2));

        reply.Events.Should().BeEquivalentTo(new object[]
        {
            new OfferAccepted(ActivationId, offerId, Asha, T0 + Duration.FromMinutes(2), "W", PlacesFilled: 1, PlacesNeeded: 1),
            new OfferDeadlineCancelled(ActivationId, offerId, timer, T0 + Duration.FromMinutes(2)),
        }, o => o.RespectingRuntimeTypes());
        reply.Text.Should().Contain("K7QF is yours").And.Contain("ARRIVED");
    }

    [Fact]
    public void Given_Asha_accepted_When_she_replies_YES_again_Then_nothing_changes()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0), new OfferAccepted(ActivationId, offerId, Asha, T0));

        var reply = OfferDecider.Accept(state, offerId, Asha, ActivationId, T0 + Duration.FromMinutes(3));

        reply.Events.Should().BeEmpty();
        reply.Text.Should().Contain("already accepted");
    }

    [Fact]
    public void Given_the_offer_moved_on_When_Asha_replies_YES_late_Then_she_is_told_politely_and_nothing_changes()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0), new OfferExpired(ActivationId, offerId, Asha, "no-reply", T0 + Duration.FromMinutes(10)));

        var reply = OfferDecider.Accept(state, offerId, Asha, null, T0 + Duration.FromMinutes(12));

        reply.Events.Should().BeEmpty();
        reply.Text.Should().Contain("already gone to someone else").And.Contain("nothing you need to do");
    }

    [Fact]
    public void Given_an_open_offer_When_the_worker_replies_NO_Then_declined_and_the_dispatch_moves_on()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0));

        var reply = OfferDecider.Decline(state, offerId, Asha, T0 + Duration.FromMinutes(1));

        reply.MoveOn.Should().BeTrue();
        reply.Events[0].Should().Be(new OfferDeclined(ActivationId, offerId, Asha, "replied-no", T0 + Duration.FromMinutes(1), "W"));
    }

    [Fact]
    public void Given_a_worker_booked_elsewhere_When_they_reply_YES_Then_the_offer_passes_on()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0));

        var reply = OfferDecider.Accept(state, offerId, Asha, Guid.NewGuid(), T0);

        reply.MoveOn.Should().BeTrue();
        reply.Events[0].Should().BeOfType<OfferDeclined>().Which.Why.Should().Be("committed-elsewhere");
    }

    [Fact]
    public void Given_an_open_offer_When_its_deadline_passes_Then_it_expires_once()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0));

        var expired = OfferDecider.Expire(state, offerId, "no-reply", T0 + Duration.FromMinutes(10));

        expired.Should().Equal(new OfferExpired(ActivationId, offerId, Asha, "no-reply", T0 + Duration.FromMinutes(10), "W"));
        OfferDecider.Expire(expired.Aggregate(state, (s, e) => s.Fold(e)), offerId, "no-reply", T0 + Duration.FromMinutes(11)).Should().BeEmpty();
    }

    [Fact]
    public void Given_the_offer_SMS_was_undelivered_Then_the_offer_closes_at_once()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0));

        var outcome = OfferDecider.DeliveryStatus(state, offerId, "SM1", "undelivered", "30003", T0 + Duration.FromMinutes(1));

        outcome.MoveOn.Should().BeTrue();
        outcome.Events.OfType<OfferExpired>().Single().Why.Should().Be("sms-undelivered");
        OfferDecider.DeliveryStatus(state, offerId, "SM1", "delivered", null, T0).MoveOn.Should().BeFalse();
    }

    [Fact]
    public void Given_too_many_unanswered_offers_When_moving_on_Then_the_on_call_coordinator_is_alerted()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var state = Given(
            Made(first, Asha, "K7QF", T0), new OfferExpired(ActivationId, first, Asha, "no-reply", T0),
            Made(second, Ben, "M4PR", T0), new OfferDeclined(ActivationId, second, Ben, "replied-no", T0));

        var events = OfferDecider.MoveOn(state, [Next(Guid.NewGuid(), "Cara", "X3TT")], [Coordinator], Options, Guid.NewGuid(), T0);

        events[0].Should().BeEquivalentTo(new DispatchEscalated(ActivationId, 1, "offers-exhausted", [Coordinator], T0));
        events[1].Should().BeOfType<EscalationStepScheduled>().Which.NextLevel.Should().Be(2);
    }

    [Fact]
    public void Given_nobody_qualified_When_moving_on_Then_escalated_and_duty_manager_follows_if_still_unstaffed()
    {
        var escalated = OfferDecider.MoveOn(Given(), [], [Coordinator], Options, Guid.NewGuid(), T0);
        escalated[0].Should().BeOfType<DispatchEscalated>().Which.Reason.Should().Be("nobody-qualified-available");

        var state = escalated.Aggregate(Given(), (s, e) => s.Fold(e));
        var manager = new AlertContact("Dee", "+447700900300", "duty-manager");
        OfferDecider.EscalationStepDue(state, 2, [manager], Options, T0 + Duration.FromMinutes(10))
            .Should().ContainSingle().Which.Should().BeOfType<DispatchEscalated>().Which.Level.Should().Be(2);
    }

    [Fact]
    public void Given_a_coordinator_choice_When_attempts_are_exhausted_Then_the_offer_is_still_made()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var state = Given(
            Made(first, Asha, "K7QF", T0), new OfferExpired(ActivationId, first, Asha, "no-reply", T0),
            Made(second, Ben, "M4PR", T0), new OfferExpired(ActivationId, second, Ben, "no-reply", T0));

        OfferDecider.MoveOn(state, [Next(Guid.NewGuid(), "Cara", "X3TT", chosenBy: "Cora")], [Coordinator], Options, Guid.NewGuid(), T0)[0]
            .Should().BeOfType<OfferMade>().Which.ChosenBy.Should().Be("Cora");
    }

    [Fact]
    public void Given_accepted_worker_When_they_text_ARRIVED_Then_cover_starts_once()
    {
        var offerId = Guid.NewGuid();
        var state = Given(Made(offerId, Asha, "K7QF", T0), new OfferAccepted(ActivationId, offerId, Asha, T0));

        var arrival = OfferDecider.Arrive(state, Asha, "england-and-wales", T0 + Duration.FromMinutes(30));

        arrival.Events.Should().Equal(
            new WorkerArrived(ActivationId, Asha, T0 + Duration.FromMinutes(30), "W", StartedCover: true, OnSiteNow: 1, PlacesNeeded: 1),
            new CoverStarted(ActivationId, "england-and-wales", T0 + Duration.FromMinutes(30)));
        OfferDecider.Arrive(arrival.Events.Aggregate(state, (s, e) => s.Fold(e)), Asha, "scotland", T0).Events.Should().BeEmpty();
        OfferDecider.Arrive(state, Ben, "england-and-wales", T0).Events.Should().BeEmpty("Ben has no accepted offer");
    }
}
