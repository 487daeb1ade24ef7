using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Closing;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

/// <summary>
/// A plan for a two-person transfer: two places to fill. The first acceptances win, a later YES is stood down, cover starts
/// when both are on site (its limit from the first arrival), and a place that comes free is sought again.
/// </summary>
public sealed class TwoWorkerPlacesTests
{
    private static readonly Guid ActivationId = Guid.NewGuid();
    private static readonly Guid Asha = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly Guid Cara = Guid.NewGuid();
    private static readonly Guid AshaOffer = Guid.NewGuid();
    private static readonly Guid BenOffer = Guid.NewGuid();
    private static readonly Guid CaraOffer = Guid.NewGuid();
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 5, 9, 30);
    private static readonly OfferOptions Options = new() { DeadlineMinutes = 10, MaxAttemptsBeforeEscalation = 2, SpareOffersWhenSeveralNeeded = 1 };
    private static readonly AlertContact Coordinator = new("Cora", "+447700900200", "coordinator");

    private static StaffDispatch Given(params object[] events) =>
        events.Aggregate(
            StaffDispatch.Create(new DispatchRequested(ActivationId, Guid.NewGuid(), "PhoneLine", "492177305518", "AdmittedToHospital", T0, T0))
                .Fold(new CarerIdentified(ActivationId, Guid.NewGuid(), "492177305518", "england-and-wales", "CB1 Cambridge", "crisis-intake", T0))
                .Fold(new PlacesSet(ActivationId, 2, T0)),
            (state, e) => state.Fold(e));

    private static NextOffer Next(Guid worker, string name, string code) =>
        new(new RankedCandidate(1, worker, name, 1.2, 3, ["1.2 km from base"]), "+447700900100", Guid.NewGuid(), code, null);

    private static OfferMade Made(Guid offerId, Guid worker, string name, string code) =>
        new(ActivationId, offerId, worker, name, "+447700900100", code, 1, [], null, T0);

    private static readonly object[] ThreeAsked =
    [
        Made(AshaOffer, Asha, "Asha", "AAAA"), Made(BenOffer, Ben, "Ben", "BBBB"), Made(CaraOffer, Cara, "Cara", "CCCC"),
    ];

    private static StaffDispatch Apply(StaffDispatch state, IEnumerable<object> events) => events.Aggregate(state, (s, e) => s.Fold(e));

    [Fact]
    public void Given_a_plan_for_two_When_moving_on_Then_two_workers_and_a_spare_are_asked_at_once()
    {
        var events = OfferDecider.MoveOn(Given(), [Next(Asha, "Asha", "AAAA"), Next(Ben, "Ben", "BBBB"), Next(Cara, "Cara", "CCCC")], [Coordinator], Options, Guid.NewGuid(), T0);

        events.OfType<OfferMade>().Select(o => o.WorkerId).Should().Equal(Asha, Ben, Cara);
        events.OfType<OfferMade>().Select(o => o.Attempt).Should().Equal(1, 2, 3);
        events.OfType<DispatchEscalated>().Should().BeEmpty();
    }

    [Fact]
    public void Given_a_plan_for_two_and_one_worker_free_When_moving_on_Then_she_is_asked_and_the_coordinators_are_alerted_for_the_other_place()
    {
        var events = OfferDecider.MoveOn(Given(), [Next(Asha, "Asha", "AAAA")], [Coordinator], Options, Guid.NewGuid(), T0);

        events.OfType<OfferMade>().Should().ContainSingle().Which.WorkerId.Should().Be(Asha);
        events.OfType<DispatchEscalated>().Should().ContainSingle().Which.Reason.Should().Be(StaffDispatch.NobodyFree);
        OfferTexts.Escalation(Apply(Given(), events), 1, StaffDispatch.NobodyFree).Should().Contain("0 of 2 places filled");
    }

    [Fact]
    public void Given_three_asked_for_two_places_When_two_say_YES_Then_each_takes_a_place_once_and_the_third_is_stood_down()
    {
        var state = Given(ThreeAsked);

        var first = OfferDecider.Accept(state, AshaOffer, Asha, null, T0 + Duration.FromMinutes(1));
        first.Events.OfType<OfferAccepted>().Single().Should().Match<OfferAccepted>(a => a.PlacesFilled == 1 && a.PlacesNeeded == 2);
        first.Text.Should().Contain("needs 2 care workers at once").And.Contain("we are finding your colleague");
        state = Apply(state, first.Events);
        state.IsSeeking().Should().BeTrue();
        OfferDecider.StandDownOffersNoLongerNeeded(state, T0).Should().BeEmpty("a place is still open");
        OfferDecider.Accept(state, AshaOffer, Asha, null, T0 + Duration.FromMinutes(2)).Events.Should().BeEmpty("an acceptance is recorded once");

        var second = OfferDecider.Accept(state, BenOffer, Ben, null, T0 + Duration.FromMinutes(3));
        second.Events.OfType<OfferAccepted>().Single().PlacesFilled.Should().Be(2);
        second.Text.Should().Contain("Asha is going too");
        state = Apply(state, second.Events);
        state.AcceptedWorkerId.Should().Be(Asha);
        state.Companions.Should().Equal(Ben);
        state.IsSeeking().Should().BeFalse();

        var standDown = OfferDecider.StandDownOffersNoLongerNeeded(state, T0 + Duration.FromMinutes(3));
        standDown.OfType<OfferExpired>().Should().ContainSingle().Which.Should().Match<OfferExpired>(x => x.WorkerId == Cara && x.Why == StaffDispatch.PlacesFilledWhy);
        state = Apply(state, standDown);

        var late = OfferDecider.Accept(state, CaraOffer, Cara, null, T0 + Duration.FromMinutes(4));
        late.Events.Should().BeEmpty();
        late.Text.Should().Contain("Thank you for saying yes").And.Contain("stood down");
    }

    [Fact]
    public void Given_both_places_held_When_they_arrive_Then_cover_starts_with_the_second_and_its_limit_runs_from_the_first()
    {
        var state = Given([.. ThreeAsked, new OfferAccepted(ActivationId, AshaOffer, Asha, T0), new OfferAccepted(ActivationId, BenOffer, Ben, T0)]);
        var ashaArrives = T0 + Duration.FromMinutes(20);
        var benArrives = T0 + Duration.FromMinutes(35);

        var first = OfferDecider.Arrive(state, Asha, "england-and-wales", ashaArrives);
        first.Events.Should().ContainSingle().Which.Should().BeEquivalentTo(new WorkerArrived(ActivationId, Asha, ashaArrives, "Asha", false, 1, 2));
        first.Text.Should().Contain("wait for your colleague");
        state = Apply(state, first.Events);
        state.CoverStartedAt.Should().BeNull();
        state.Status.Should().Be(DispatchStatus.WorkerOnTheWay);

        var second = OfferDecider.Arrive(state, Ben, "england-and-wales", benArrives);
        second.Events.OfType<CoverStarted>().Should().ContainSingle().Which.StartedAt.Should().Be(ashaArrives);
        second.Events.OfType<WorkerArrived>().Single().Should().Match<WorkerArrived>(a => a.StartedCover == true && a.OnSiteNow == 2);
        second.Text.Should().Contain("all 2 care workers are there and cover has started");
        Apply(state, second.Events).Status.Should().Be(DispatchStatus.CoverInProgress);
    }

    [Fact]
    public void Given_cover_by_two_When_the_companion_leaves_Then_their_place_is_open_and_the_worker_responsible_stays()
    {
        var state = OnSiteTogether();

        state = state.Fold(new WorkerLeft(ActivationId, Ben, T0 + Duration.FromHours(3)));

        state.AcceptedWorkerId.Should().Be(Asha);
        state.Companions.Should().BeEmpty();
        state.OpenPlaces().Should().Be(1);
        state.LeftWithNobodyOnSite().Should().BeFalse();
    }

    [Fact]
    public void Given_cover_by_two_When_the_worker_responsible_leaves_with_nobody_taking_over_Then_the_companion_takes_over_and_the_other_place_is_sought()
    {
        var state = OnSiteTogether();

        state = state.Fold(new WorkerLeft(ActivationId, Asha, T0 + Duration.FromHours(3)));

        state.AcceptedWorkerId.Should().Be(Ben);
        state.CoveringWorkerId().Should().Be(Ben);
        state.Companions.Should().BeEmpty();
        state.OpenPlaces().Should().Be(1);
        state = state.Fold(new PlaceReopened(ActivationId, state.Round + 1, Asha, T0 + Duration.FromHours(3)));
        state.CompanionLeft.Should().Be(Asha);
        state.EscalationLevel.Should().Be(0, "the reopened place is a new round, with its own alerts");
    }

    [Fact]
    public void Given_a_worker_on_site_and_one_on_the_way_When_the_activation_closes_Then_every_open_offer_is_withdrawn_and_the_one_on_the_way_released()
    {
        var state = Given([.. ThreeAsked, new OfferAccepted(ActivationId, AshaOffer, Asha, T0), new OfferAccepted(ActivationId, BenOffer, Ben, T0)]);
        state = state.Fold(new WorkerArrived(ActivationId, Asha, T0 + Duration.FromMinutes(20)));
        var fourAsked = Given([.. ThreeAsked[..2], Made(CaraOffer, Cara, "Cara", "CCCC"), Made(Guid.NewGuid(), Guid.NewGuid(), "Dev", "DDDD")]);

        var closed = WhenActivationClosed.Decide(state, new Contracts.CrisisIntake.ActivationClosed(ActivationId, "FamilyTookOver", "Coordinator", T0), T0 + Duration.FromHours(1));
        closed.OfType<DispatchClosed>().Single().Released.Should().Equal(Ben);
        closed.OfType<OfferExpired>().Should().ContainSingle().Which.WorkerId.Should().Be(Cara);

        WhenActivationClosed.Decide(fourAsked, new Contracts.CrisisIntake.ActivationClosed(ActivationId, "FamilyTookOver", "Coordinator", T0), T0)
            .OfType<OfferExpired>().Should().HaveCount(4, "every offer still open is withdrawn");
    }

    [Fact]
    public void One_worker_alone_at_a_two_person_cover_is_short_handed_from_when_it_began_until_both_are_there_or_nobody_is()
    {
        var state = Given([.. ThreeAsked, new OfferAccepted(ActivationId, AshaOffer, Asha, T0), new OfferAccepted(ActivationId, BenOffer, Ben, T0)]);
        var ashaArrives = T0 + Duration.FromMinutes(20);

        state = state.Fold(new WorkerArrived(ActivationId, Asha, ashaArrives));
        state.ShortHandedSince.Should().Be(ashaArrives);
        state = state.Fold(new WorkerArrived(ActivationId, Ben, ashaArrives + Duration.FromMinutes(30)));
        state.ShortHandedSince.Should().BeNull("both are there");

        var benLeaves = ashaArrives + Duration.FromHours(4);
        state = state.Fold(new WorkerLeft(ActivationId, Ben, benLeaves));
        state.ShortHandedSince.Should().Be(benLeaves, "Asha is alone again");
        state = state.Fold(new WorkerLeft(ActivationId, Asha, benLeaves + Duration.FromMinutes(5)));
        state.ShortHandedSince.Should().BeNull("nobody on site has an alarm of its own");
        Given().Fold(new OfferAccepted(ActivationId, AshaOffer, Asha, T0)).ShortHandedSince.Should().BeNull();
    }

    [Fact]
    public void Before_a_companions_duty_ends_their_place_is_offered_ahead_and_whoever_accepts_relieves_them_with_the_place_held_throughout()
    {
        var handovers = new Handovers.HandoverOptions { LeadMinutes = 60 };
        var benEnds = T0 + Duration.FromHours(8);
        var state = OnSiteTogether();
        Handovers.HandoverDecider.CompanionsNeedingPlanning(state).Should().Equal(Ben);
        var timerId = Guid.NewGuid();

        var planned = Handovers.HandoverDecider.PlanRelief(state, Ben, new Handovers.Duty(true, benEnds), handovers, Duration.FromHours(4), timerId, T0);
        planned.Should().ContainSingle().Which.Should().BeOfType<CompanionReliefDueSet>().Which.DueAt.Should().Be(benEnds - Duration.FromHours(1));
        state = Apply(state, planned);
        Handovers.HandoverDecider.CompanionsNeedingPlanning(state).Should().BeEmpty();
        Handovers.HandoverDecider.ReliefDue(state, Guid.NewGuid(), Ben, new Handovers.Duty(true, benEnds), handovers, Guid.NewGuid(), benEnds - Duration.FromHours(1))
            .Should().BeEmpty("a timer replaced by a later one changes nothing");

        var sought = Handovers.HandoverDecider.ReliefDue(state, timerId, Ben, new Handovers.Duty(true, benEnds), handovers, Guid.NewGuid(), benEnds - Duration.FromHours(1));
        sought.Should().ContainSingle().Which.Should().BeEquivalentTo(new CompanionReliefSought(ActivationId, state.Round + 1, Ben, benEnds, benEnds - Duration.FromHours(1)));
        state = Apply(state, sought);
        state.OpenPlaces().Should().Be(1, "Ben's place is offered while he is still there");
        state.HoldsAPlace(Ben).Should().BeTrue();

        var devOffer = Guid.NewGuid();
        var dev = Guid.NewGuid();
        state = state.Fold(new OfferMade(ActivationId, devOffer, dev, "Dev", "+447700900100", "DDDD", 4, [], null, T0, state.Round));
        var accepted = OfferDecider.Accept(state, devOffer, dev, null, benEnds - Duration.FromMinutes(50));
        accepted.Text.Should().Contain("you relieve a colleague at").And.Contain("working with Asha");
        state = Apply(state, accepted.Events);
        state.Companions.Should().Equal(Ben, dev);
        state.IsSeeking().Should().BeFalse();

        state = state.Fold(new WorkerArrived(ActivationId, dev, benEnds - Duration.FromMinutes(10)));
        var left = OfferDecider.Leave(state, Ben, benEnds);
        left.Text.Should().Be("Thank you, your leaving is recorded. Take care.");
        state = Apply(state, left.Events);
        state.Companions.Should().Equal(dev);
        state.OpenPlaces().Should().Be(0, "Dev holds the place Ben left");
        state.CompanionReliefs.Should().BeEmpty();
        Handovers.HandoverDecider.CompanionsNeedingPlanning(state).Should().Equal(dev);
    }

    [Fact]
    public void Given_the_first_worker_alone_and_the_second_place_still_sought_When_she_leaves_Then_her_place_is_sought_again_in_the_same_round()
    {
        var state = Given([.. ThreeAsked, new OfferAccepted(ActivationId, AshaOffer, Asha, T0), new WorkerArrived(ActivationId, Asha, T0 + Duration.FromMinutes(20))]);

        state = state.Fold(new WorkerLeft(ActivationId, Asha, T0 + Duration.FromHours(1)));

        state.LeftWithNobodyOnSite().Should().BeTrue();
        state.FirstPlaceOpen().Should().BeFalse("her place is not sought until a replacement is");
        state.RoundForNewSeeking().Should().Be(state.Round, "the second place is sought in the round under way");
        state = state.Fold(new ReplacementSought(ActivationId, state.Round, Asha, T0 + Duration.FromHours(1)));
        state.OpenPlaces().Should().Be(2);

        state = Apply(state, OfferDecider.Accept(state, BenOffer, Ben, null, T0 + Duration.FromHours(1)).Events);
        state.AcceptedWorkerId.Should().Be(Ben, "the first place (the one responsible for the cover) is filled first");
        state.Companions.Should().BeEmpty();
        state.OpenPlaces().Should().Be(1);
    }

    [Fact]
    public void Given_a_handover_sought_while_the_second_place_is_still_offered_When_both_offers_are_accepted_Then_one_takes_over_and_one_joins()
    {
        var state = Given([.. ThreeAsked, new OfferAccepted(ActivationId, AshaOffer, Asha, T0)]);
        state.RoundForNewSeeking().Should().Be(0);
        state = state.Fold(new HandoverSought(ActivationId, state.RoundForNewSeeking(), Asha, T0 + Duration.FromHours(8), T0 + Duration.FromHours(7)));
        state.OpenPlaces().Should().Be(2);

        state = Apply(state, OfferDecider.Accept(state, BenOffer, Ben, null, T0 + Duration.FromHours(7)).Events);
        state = Apply(state, OfferDecider.Accept(state, CaraOffer, Cara, null, T0 + Duration.FromHours(7)).Events);

        state.AcceptedWorkerId.Should().Be(Asha, "Asha covers until she hands over");
        state.Handover!.IncomingWorkerId.Should().Be(Ben);
        state.Companions.Should().Equal(Cara);
        state.IsSeeking().Should().BeFalse();
    }

    [Fact]
    public void Given_a_relief_accepted_When_the_relief_leaves_before_the_companion_Then_the_companions_relief_is_sought_again()
    {
        var dev = Guid.NewGuid();
        var state = OnSiteTogether();
        state = state.Fold(new CompanionReliefSought(ActivationId, state.Round + 1, Ben, T0 + Duration.FromHours(8), T0 + Duration.FromHours(7)));
        state = state.Fold(new OfferMade(ActivationId, Guid.NewGuid(), dev, "Dev", "+447700900100", "DDDD", 4, [], null, T0, state.Round));
        state = state.Fold(new OfferAccepted(ActivationId, state.Offers[^1].OfferId, dev, T0 + Duration.FromHours(7)));
        state = state.Fold(new WorkerArrived(ActivationId, dev, T0 + Duration.FromHours(7)));
        state.OpenCompanionPlaces().Should().Be(0);

        state = state.Fold(new WorkerLeft(ActivationId, dev, T0 + Duration.FromHours(7.5)));

        state.OpenCompanionPlaces().Should().Be(1, "Ben's relief is wanted again");
        state.CompanionReliefs.Should().ContainSingle().Which.IncomingWorkerId.Should().BeNull();
    }

    private static StaffDispatch OnSiteTogether() => Given(
    [
        .. ThreeAsked,
        new OfferAccepted(ActivationId, AshaOffer, Asha, T0),
        new OfferAccepted(ActivationId, BenOffer, Ben, T0),
        new OfferExpired(ActivationId, CaraOffer, Cara, StaffDispatch.PlacesFilledWhy, T0),
        new WorkerArrived(ActivationId, Asha, T0 + Duration.FromMinutes(20)),
        new WorkerArrived(ActivationId, Ben, T0 + Duration.FromMinutes(30)),
        new CoverStarted(ActivationId, "england-and-wales", T0 + Duration.FromMinutes(20)),
    ]);
}
