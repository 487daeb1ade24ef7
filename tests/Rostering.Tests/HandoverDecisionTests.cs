using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Closing;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.Texting;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.Handovers.Seeking;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.PlanLinks;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;
using ActivationClosed = Cers.Dispatch.Contracts.CrisisIntake.ActivationClosed;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class HandoverDecisionTests
{
    private static readonly Guid ActivationId = Guid.NewGuid();
    private static readonly Guid Asha = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly Guid Cara = Guid.NewGuid();
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 9, 30);
    private static readonly Instant DayShiftEnds = Instant.FromUtc(2026, 11, 25, 20, 0);
    private static readonly HandoverOptions Lead60 = new() { LeadMinutes = 60 };
    private static readonly OfferOptions Offers = new() { DeadlineMinutes = 10, MaxAttemptsBeforeEscalation = 2 };
    private static readonly Duration FirstVisit = Duration.FromHours(4);
    private static readonly AlertContact Coordinator = new("Cora", "+447700900200", "coordinator");

    private static readonly Guid AshaOffer = Guid.NewGuid();
    private static readonly Guid FirstTimer = Guid.NewGuid();
    private static readonly SubjectKey ActivationKey = SubjectKey.Generate($"activation:{ActivationId}");

    private static StaffDispatch Given(params object[] events) =>
        events.Aggregate(
            StaffDispatch.Create(new DispatchRequested(ActivationId, Guid.NewGuid(), "PhoneLine", "492177305518", "AdmittedToHospital", T0, T0))
                .Fold(new CarerIdentified(ActivationId, Guid.NewGuid(), "492177305518", "england-and-wales", "CB1 Cambridge", "crisis-intake", T0)),
            (state, e) => state.Fold(e));

    private static OfferMade Made(Guid offerId, Guid worker, string name, Instant at, int round = 0) =>
        new(ActivationId, offerId, worker, name, "+447700900100", "K7QF", 1, [], null, at, round);

    private static object[] AshaCovering() =>
    [
        Made(AshaOffer, Asha, "Asha", T0),
        new OfferAccepted(ActivationId, AshaOffer, Asha, T0 + Duration.FromMinutes(2)),
        new WorkerArrived(ActivationId, Asha, T0 + Duration.FromMinutes(30)),
        new CoverStarted(ActivationId, "england-and-wales", T0 + Duration.FromMinutes(30)),
        new HandoverDueSet(ActivationId, Asha, FirstTimer, DayShiftEnds, DayShiftEnds - Duration.FromMinutes(60), T0),
    ];

    private static object[] HandoverToBenSought(Guid benOffer) =>
    [
        .. AshaCovering(),
        new HandoverSought(ActivationId, 1, Asha, DayShiftEnds, DayShiftEnds - Duration.FromMinutes(60)),
        Made(benOffer, Ben, "Ben", DayShiftEnds - Duration.FromMinutes(59), round: 1),
    ];

    private static StaffDispatch Apply(StaffDispatch state, IEnumerable<object> events) => events.Aggregate(state, (s, e) => s.Fold(e));

    private static Rotation DayShift(Guid worker) =>
        new(Guid.NewGuid(), "Day shift", "care-worker", RotationKinds.Shift, [worker], new LocalDateTime(2026, 11, 2, 8, 0), 1, null,
            new LocalTime(8, 0), new LocalTime(20, 0), 10, Instant.FromUtc(2026, 11, 1, 0, 0), []);

    private static RotaBoard Board(params Rotation[] rotations) => new(rotations, new Dictionary<Guid, StaffMember>());

    [Fact]
    public void Given_Asha_on_the_day_shift_accepts_When_her_handover_is_planned_Then_the_timer_is_due_an_hour_before_her_shift_ends()
    {
        var state = Given(Made(AshaOffer, Asha, "Asha", T0), new OfferAccepted(ActivationId, AshaOffer, Asha, T0));
        var timer = Guid.NewGuid();
        var duty = HandoverPlanner.DutyOf(Board(DayShift(Asha)), Asha, T0, Duration.FromHours(4));

        var events = HandoverDecider.PlanNext(state, Asha, duty, Lead60, FirstVisit, timer, T0);

        duty.Should().Be(new Duty(true, DayShiftEnds));
        events.Should().Equal(new HandoverDueSet(ActivationId, Asha, timer, DayShiftEnds, Instant.FromUtc(2026, 11, 25, 19, 0), T0));
        HandoverDecider.WhoNeedsPlanning(Apply(state, events)).Should().BeNull("her handover is planned once");
    }

    [Fact]
    public void Given_Ben_arrives_before_his_night_shift_starts_When_he_takes_over_Then_his_duty_is_the_night_shift()
    {
        var night = DayShift(Ben) with { WindowFrom = new LocalTime(20, 0), WindowTo = new LocalTime(8, 0) };

        HandoverPlanner.DutyOf(Board(night), Ben, DayShiftEnds - Duration.FromMinutes(10), Duration.FromHours(4))
            .Should().Be(new Duty(true, Instant.FromUtc(2026, 11, 26, 8, 0)));
        HandoverPlanner.DutyOf(Board(night), Ben, T0, Duration.FromHours(4)).Should().Be(new Duty(false, null), "at 09:30 his shift is hours away");
    }

    [Fact]
    public void Given_Cara_covers_the_afternoon_of_Ashas_day_shift_When_their_duties_are_worked_out_Then_the_cover_decides_and_other_rotas_do_not()
    {
        var afternoon = Instant.FromUtc(2026, 11, 25, 14, 0);
        var day = DayShift(Asha);
        var cover = new RotaOverride(day.Id, Guid.NewGuid(), afternoon, DayShiftEnds, Cara, Asha, "Asha at the dentist", T0);
        var bensLateShift = DayShift(Ben) with { WindowFrom = new LocalTime(12, 0), WindowTo = new LocalTime(16, 0) };
        var board = Board(day with { Overrides = [cover] }, bensLateShift);

        HandoverPlanner.DutyOf(board, Asha, T0, Duration.FromHours(4)).Should().Be(new Duty(true, afternoon), "Cara takes over at 14:00");
        HandoverPlanner.DutyOf(board, Cara, afternoon + Duration.FromMinutes(30), Duration.FromHours(4))
            .Should().Be(new Duty(true, DayShiftEnds), "she covers until the shift ends");
        HandoverPlanner.DutyOf(board, Cara, T0, Duration.FromHours(4)).Should().Be(new Duty(false, null), "her cover starts more than four hours on");
        HandoverPlanner.DutyOf(board, Ben, T0, Duration.FromHours(4)).Should().Be(new Duty(true, Instant.FromUtc(2026, 11, 25, 16, 0)), "he comes on at 12:00");
    }

    [Fact]
    public void Given_a_worker_on_call_all_week_When_planning_Then_the_rota_is_looked_at_again_before_the_look_ahead_runs_out()
    {
        var state = Given(Made(AshaOffer, Asha, "Asha", T0), new OfferAccepted(ActivationId, AshaOffer, Asha, T0));
        var timer = Guid.NewGuid();

        var events = HandoverDecider.PlanNext(state, Asha, new Duty(true, null), Lead60, FirstVisit, timer, T0);

        events.Should().Equal(new HandoverDueSet(ActivationId, Asha, timer, null, T0 + HandoverDecider.LookAhead - Duration.FromMinutes(60), T0));
    }

    [Fact]
    public void Given_a_coordinator_chose_Asha_while_off_duty_When_planning_Then_she_is_taken_to_cover_the_first_visit()
    {
        var state = Given(Made(AshaOffer, Asha, "Asha", T0), new OfferAccepted(ActivationId, AshaOffer, Asha, T0));

        var due = (HandoverDueSet)HandoverDecider.PlanNext(state, Asha, new Duty(false, null), Lead60, FirstVisit, Guid.NewGuid(), T0).Single();

        due.DutyEndsAt.Should().Be(T0 + FirstVisit);
        due.DueAt.Should().Be(T0 + FirstVisit - Duration.FromMinutes(60));
    }

    [Fact]
    public void Given_Asha_covering_When_the_handover_timer_fires_an_hour_before_her_shift_ends_Then_the_next_worker_is_sought()
    {
        var at = DayShiftEnds - Duration.FromMinutes(60);

        var events = HandoverDecider.Due(Given(AshaCovering()), FirstTimer, new Duty(true, DayShiftEnds), Lead60, Guid.NewGuid(), at);

        events.Should().Equal(new HandoverSought(ActivationId, 1, Asha, DayShiftEnds, at));
    }

    [Fact]
    public void Given_an_override_extended_Ashas_shift_When_the_timer_fires_Then_it_is_set_again_for_the_new_end()
    {
        var at = DayShiftEnds - Duration.FromMinutes(60);
        var later = DayShiftEnds + Duration.FromHours(3);
        var again = Guid.NewGuid();

        var events = HandoverDecider.Due(Given(AshaCovering()), FirstTimer, new Duty(true, later), Lead60, again, at);

        events.Should().Equal(new HandoverDueSet(ActivationId, Asha, again, later, later - Duration.FromMinutes(60), at));
    }

    [Fact]
    public void Given_a_later_timer_replaced_it_When_the_old_timer_fires_Then_nothing_happens()
    {
        HandoverDecider.Due(Given(AshaCovering()), Guid.NewGuid(), new Duty(true, DayShiftEnds), Lead60, Guid.NewGuid(), DayShiftEnds)
            .Should().BeEmpty();
    }

    [Fact]
    public void Given_a_handover_sought_When_moving_on_Then_the_offer_belongs_to_the_round_and_declines_before_it_do_not_count()
    {
        var earlier = Guid.NewGuid();
        var state = Given(
        [
            Made(earlier, Cara, "Cara", T0 - Duration.FromMinutes(20)),
            new OfferDeclined(ActivationId, earlier, Cara, "replied-no", T0 - Duration.FromMinutes(15)),
            .. AshaCovering(),
            new HandoverSought(ActivationId, 1, Asha, DayShiftEnds, DayShiftEnds - Duration.FromMinutes(60)),
        ]);
        var next = new NextOffer(new RankedCandidate(1, Ben, "Ben", 2.0, 0, ["2.0 km from base"]), "+447700900101", Guid.NewGuid(), "X3TT", null);

        state.IsSeeking().Should().BeTrue();
        state.UnansweredOffers().Should().Be(0, "Cara's NO was for the first worker, not this handover");
        var events = OfferDecider.MoveOn(state, [next], [Coordinator], Offers, Guid.NewGuid(), DayShiftEnds - Duration.FromMinutes(60));

        events[0].Should().BeOfType<OfferMade>().Which.Round.Should().Be(1);
        Apply(state, events).Status.Should().Be(DispatchStatus.CoverInProgress, "Asha is still on site while Ben is asked");
    }

    [Fact]
    public void Given_every_handover_offer_went_unanswered_When_moving_on_Then_the_coordinators_are_alerted_about_the_handover()
    {
        var ben = Guid.NewGuid();
        var cara = Guid.NewGuid();
        var at = DayShiftEnds - Duration.FromMinutes(30);
        var state = Given(
        [
            .. HandoverToBenSought(ben),
            new OfferDeclined(ActivationId, ben, Ben, "replied-no", at),
            Made(cara, Cara, "Cara", at, round: 1),
            new OfferExpired(ActivationId, cara, Cara, "no-reply", at + Duration.FromMinutes(10)),
        ]);
        var next = new NextOffer(new RankedCandidate(1, Guid.NewGuid(), "Dev", 9, 0, []), "+447700900102", Guid.NewGuid(), "H4PM", null);

        var events = OfferDecider.MoveOn(state, [next], [Coordinator], Offers, Guid.NewGuid(), at + Duration.FromMinutes(10));

        events[0].Should().BeEquivalentTo(new DispatchEscalated(ActivationId, 1, "handover-offers-exhausted", [Coordinator], at + Duration.FromMinutes(10), 1));
        events[1].Should().BeOfType<EscalationStepScheduled>().Which.Round.Should().Be(1);
    }

    [Fact]
    public void Given_an_escalation_step_from_the_first_round_When_it_fires_during_a_handover_Then_the_duty_managers_are_not_alerted_for_it()
    {
        var state = Given(HandoverToBenSought(Guid.NewGuid()));
        var manager = new AlertContact("Dee", "+447700900300", "duty-manager");

        OfferDecider.EscalationStepDue(state, 2, [manager], Offers, DayShiftEnds, round: 0).Should().BeEmpty();
        OfferDecider.EscalationStepDue(state, 2, [manager], Offers, DayShiftEnds, round: 1)
            .Should().ContainSingle().Which.Should().BeOfType<DispatchEscalated>().Which.Reason.Should().Be("handover-coordinators-did-not-staff");
    }

    [Fact]
    public void Given_Ben_accepted_the_handover_When_Ben_arrives_Then_arrival_is_recorded_but_cover_does_not_start_again()
    {
        var benOffer = Guid.NewGuid();
        var state = Given([.. HandoverToBenSought(benOffer), new OfferAccepted(ActivationId, benOffer, Ben, DayShiftEnds - Duration.FromMinutes(55))]);

        var arrival = OfferDecider.Arrive(state, Ben, "england-and-wales", DayShiftEnds - Duration.FromMinutes(10));

        state.CoveringWorkerId().Should().Be(Asha, "Asha covers until she leaves");
        state.Handover!.IncomingWorkerId.Should().Be(Ben);
        arrival.Events.Should().Equal(new WorkerArrived(ActivationId, Ben, DayShiftEnds - Duration.FromMinutes(10), "Ben", StartedCover: false, OnSiteNow: 2, PlacesNeeded: 1));
        Apply(state, arrival.Events).CoverStartedAt.Should().Be(T0 + Duration.FromMinutes(30), "the 48/72-hour clock runs from the first arrival");
    }

    [Fact]
    public void Given_Ben_on_site_When_Asha_leaves_Then_Ben_covers_and_his_own_handover_is_to_be_planned()
    {
        var benOffer = Guid.NewGuid();
        var state = Given(
        [
            .. HandoverToBenSought(benOffer),
            new OfferAccepted(ActivationId, benOffer, Ben, DayShiftEnds - Duration.FromMinutes(55)),
            new WorkerArrived(ActivationId, Ben, DayShiftEnds - Duration.FromMinutes(10)),
        ]);

        var left = OfferDecider.Leave(state, Asha, DayShiftEnds, handedOver: true);
        var after = Apply(state, left.Events);

        left.Events.Should().Equal(new WorkerLeft(ActivationId, Asha, DayShiftEnds, "Asha", OnSiteNow: 1, PlacesFilled: 1, PlacesNeeded: 1));
        after.CoveringWorkerId().Should().Be(Ben);
        after.Handover.Should().BeNull();
        after.PastHandovers.Should().Equal(new CompletedHandover(1, Asha, Ben));
        after.Status.Should().Be(DispatchStatus.CoverInProgress);
        HandoverDecider.WhoNeedsPlanning(after).Should().Be(Ben);
    }

    [Fact]
    public void Given_Asha_left_before_anyone_accepted_When_Ben_accepts_Then_he_takes_over_at_once()
    {
        var benOffer = Guid.NewGuid();
        var state = Given([.. HandoverToBenSought(benOffer), new WorkerLeft(ActivationId, Asha, DayShiftEnds)]);

        state.IsSeeking().Should().BeTrue("nobody has taken over yet");
        var after = Apply(state, OfferDecider.Accept(state, benOffer, Ben, null, DayShiftEnds + Duration.FromMinutes(1)).Events);

        after.CoveringWorkerId().Should().Be(Ben);
        after.IsSeeking().Should().BeFalse();
        after.Status.Should().Be(DispatchStatus.WorkerOnTheWay);
    }

    [Fact]
    public void Given_Asha_has_not_handed_over_When_she_texts_LEFT_Then_she_is_asked_to_phone_her_notes_in()
    {
        var state = Given(HandoverToBenSought(Guid.NewGuid()));

        OfferDecider.Leave(state, Asha, DayShiftEnds, handedOver: false).Text.Should().Contain("phone the on-call coordinator with your handover notes");
    }

    [Fact]
    public void Given_Ben_accepted_When_Asha_texts_her_handover_notes_Then_they_are_recorded_for_Ben_awaiting_sign_off()
    {
        var benOffer = Guid.NewGuid();
        var state = Given([.. HandoverToBenSought(benOffer), new OfferAccepted(ActivationId, benOffer, Ben, DayShiftEnds - Duration.FromMinutes(55))]);
        var id = Guid.NewGuid();

        var decision = HandoverDecider.Record(state, Asha, "  Gave 10 mg at 18:00. Watch his breathing.  ", ActivationKey, id, HandoverVia.Sms, "Asha", DayShiftEnds);

        var recorded = (HandoverRecorded)decision.Event!;
        recorded.Should().Be(new HandoverRecorded(id, ActivationId, Asha, "Asha", Ben, "Ben", recorded.Notes, "sms", "Asha", DayShiftEnds));
        recorded.Notes.Envelope.Should().StartWith("pd1.").And.NotContain("10 mg");
        ActivationKey.Open(recorded.Notes).Should().Be("Gave 10 mg at 18:00. Watch his breathing.");
        Handover.Create(recorded).Status.Should().Be(HandoverStatuses.AwaitingSignOff);
    }

    [Theory]
    [InlineData("not covering")]
    [InlineData("no notes")]
    [InlineData("closed")]
    public void Given_no_handover_to_give_When_notes_are_sent_Then_they_are_refused(string situation)
    {
        var state = Given(AshaCovering());
        var (worker, notes) = situation switch
        {
            "not covering" => (Ben, "All fine."),
            "no notes" => (Asha, " "),
            _ => (Asha, "All fine."),
        };
        if (situation == "closed")
        {
            state = Apply(state, WhenActivationClosed.Decide(state, new ActivationClosed(ActivationId, "CarerAbleToCareAgain", "A. Shah", T0), T0));
        }

        var decision = HandoverDecider.Record(state, worker, notes, ActivationKey, Guid.NewGuid(), HandoverVia.Coordinator, "Coordinator C. Lee", T0);

        decision.Event.Should().BeNull();
        decision.Refused.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Given_Asha_already_handed_over_and_left_When_a_coordinator_types_the_notes_she_phoned_in_Then_they_are_hers_to_Ben()
    {
        var benOffer = Guid.NewGuid();
        var state = Given(
        [
            .. HandoverToBenSought(benOffer),
            new OfferAccepted(ActivationId, benOffer, Ben, DayShiftEnds - Duration.FromMinutes(55)),
            new WorkerArrived(ActivationId, Ben, DayShiftEnds - Duration.FromMinutes(10)),
            new WorkerLeft(ActivationId, Asha, DayShiftEnds),
        ]);

        var recorded = (HandoverRecorded)HandoverDecider.Record(state, Asha, "Gave 10 mg.", ActivationKey, Guid.NewGuid(), HandoverVia.Coordinator, "Coordinator C. Lee", DayShiftEnds).Event!;

        recorded.IncomingWorkerId.Should().Be(Ben);
        recorded.RecordedBy.Should().Be("Coordinator C. Lee");
    }

    [Fact]
    public void Given_a_handover_awaiting_sign_off_When_a_supervisor_queries_then_signs_off_Then_each_is_recorded_with_who()
    {
        var handover = Handover.Create(new HandoverRecorded(Guid.NewGuid(), ActivationId, Asha, "Asha", Ben, "Ben", ActivationKey.Seal("Gave 10 mg."), "sms", "Asha", T0));

        var queried = HandoverDecider.Query(handover, "Supervisor S. Patel", "Which medicine?", ActivationKey, T0 + Duration.FromHours(1)).Event as HandoverQueried;
        var afterQuery = handover.Apply(queried!);
        var signedOff = HandoverDecider.SignOff(afterQuery, "Supervisor S. Patel", null, ActivationKey, T0 + Duration.FromHours(2)).Event as HandoverSignedOff;
        var afterSignOff = afterQuery.Apply(signedOff!);

        afterQuery.Status.Should().Be(HandoverStatuses.Queried);
        ActivationKey.Open(afterQuery.ReviewComment!).Should().Be("Which medicine?");
        afterSignOff.Status.Should().Be(HandoverStatuses.SignedOff);
        afterSignOff.ReviewedBy.Should().Be("Supervisor S. Patel");
        afterSignOff.ReviewComment.Should().BeNull("signed off without a comment");
        HandoverDecider.SignOff(afterSignOff, "Someone else", null, ActivationKey, T0).Refused.Should().Contain("Already signed off by Supervisor S. Patel");
        HandoverDecider.Query(afterSignOff, "Someone else", "Why?", ActivationKey, T0).Event.Should().BeNull();
    }

    [Fact]
    public void Given_the_activations_personal_data_erased_When_a_supervisor_reviews_Then_a_comment_is_refused_but_signing_off_without_one_is_not()
    {
        var handover = Handover.Create(new HandoverRecorded(Guid.NewGuid(), ActivationId, Asha, "Asha", Ben, "Ben", ActivationKey.Seal("Gave 10 mg."), "sms", "Asha", T0));

        HandoverDecider.Query(handover, "Supervisor S. Patel", "Which medicine?", null, T0).Refused.Should().Contain("erased");
        HandoverDecider.SignOff(handover, "Supervisor S. Patel", "Fine.", null, T0).Refused.Should().Contain("without one");
        HandoverDecider.SignOff(handover, "Supervisor S. Patel", " ", null, T0).Event.Should().BeOfType<HandoverSignedOff>()
            .Which.Comment.Should().BeNull();
    }

    [Fact]
    public void Given_Ben_accepted_and_Asha_on_site_When_the_activation_closes_Then_Ben_is_released_and_the_open_offer_withdrawn()
    {
        var benOffer = Guid.NewGuid();
        var caraOffer = Guid.NewGuid();
        var at = DayShiftEnds - Duration.FromMinutes(50);
        var withBen = Given([.. HandoverToBenSought(benOffer), new OfferAccepted(ActivationId, benOffer, Ben, at)]);
        var withOpenOffer = Given([.. HandoverToBenSought(caraOffer)]);
        var closed = new ActivationClosed(ActivationId, "CarerAbleToCareAgain", "A. Shah", at);

        WhenActivationClosed.Decide(withBen, closed, at).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new DispatchClosed(ActivationId, "CarerAbleToCareAgain", "A. Shah", [Ben], at));
        var withdrawn = WhenActivationClosed.Decide(withOpenOffer, closed, at);
        withdrawn.OfType<OfferExpired>().Should().ContainSingle().Which.Why.Should().Be("activation-closed");
        var after = Apply(withOpenOffer, withdrawn);
        after.IsSeeking().Should().BeFalse();
        HandoverDecider.WhoNeedsPlanning(after).Should().BeNull();
    }

    [Fact]
    public void Given_a_HANDOVER_text_When_it_is_read_Then_the_notes_keep_the_workers_words()
    {
        SmsCommandParser.Parse("handover: Gave Oramorph 5ml at 18:00, door key under pot")
            .Should().Be(new SmsCommand(SmsVerb.Handover, null, "Gave Oramorph 5ml at 18:00, door key under pot"));
        SmsCommandParser.Parse("HANDOVER").Should().Be(new SmsCommand(SmsVerb.Handover, null, ""));
        SmsCommandParser.Parse("Handovers are fun").Verb.Should().Be(SmsVerb.Unknown);
    }

    [Fact]
    public void A_plan_link_token_is_long_random_and_only_its_hash_is_kept()
    {
        var token = PlanLinkTokens.New();

        token.Should().HaveLength(43).And.MatchRegex("^[A-Za-z0-9_-]+$");
        PlanLinkTokens.New().Should().NotBe(token);
        PlanLinkTokens.Hash(token).Should().HaveLength(64).And.NotContain(token);
        PlanLinkTokens.LooksLikeToken(token).Should().BeTrue();
        PlanLinkTokens.LooksLikeToken("../../etc/passwd").Should().BeFalse();
    }
}
