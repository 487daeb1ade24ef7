using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.CardIndex;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx.Events;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.CrisisIntake.Tests;

/// <summary>What the phone line answers from the cards it knows, and how card lookup hears of each card it recognised.</summary>
public sealed class CardIndexTests
{
    private static readonly Instant Issued = Instant.FromUtc(2026, 11, 1, 10, 0);
    private static readonly Instant Lost = Instant.FromUtc(2026, 11, 20, 9, 30);
    private static readonly Guid CarerId = Guid.NewGuid();
    private static readonly KnownCarer InGlasgow = new(CarerId, 2, "scotland", "G12 Glasgow");

    [Fact]
    public void A_card_reported_lost_stays_lost_when_its_issue_is_delivered_late_or_again()
    {
        var card = KnownCard.FirstHeard("492177305518", CarerId, KnownCard.InUse, Issued, InGlasgow)
            .With(KnownCard.StatusRevokedFor("lost"), Lost)
            .With(KnownCard.InUse, Issued);

        card.Check.Should().Be(new CardCheck.Identified("492177305518", CarerId, "Lost", false, "scotland", "G12 Glasgow", FromCardIndex: true));
    }

    [Fact]
    public void A_card_reinstated_after_it_was_suspended_works_again()
    {
        var card = KnownCard.FirstHeard("492177305518", CarerId, KnownCard.StatusRevokedFor("suspended:moved-away"), Lost, InGlasgow)
            .With(KnownCard.InUse, Lost + Duration.FromDays(2));

        card.Check!.Works.Should().BeTrue();
    }

    [Fact]
    public void A_card_whose_carer_has_no_plan_yet_is_left_to_card_lookup_until_the_plan_says_where_they_live()
    {
        var card = KnownCard.FirstHeard("492177305518", CarerId, KnownCard.InUse, Issued, carer: null);

        card.Check.Should().BeNull("the cover limit and the match need the nation and the area");
        card.LivingIn(InGlasgow).Check!.Area.Should().Be("G12 Glasgow");
    }

    [Theory]
    [InlineData("lost", "Lost", false)]
    [InlineData("stolen", "Stolen", false)]
    [InlineData("suspended:registration-lapsed", "Suspended", false)]
    [InlineData("withdrawn:erased", "Withdrawn", true)]
    [InlineData("withdrawn:retention", "Withdrawn", true)]
    public void Each_revocation_reads_as_card_lookups_own_status_and_a_withdrawn_card_is_forgotten(string reason, string status, bool forgotten)
    {
        KnownCard.StatusRevokedFor(reason).Should().Be(status);
        KnownCard.Forgets(reason).Should().Be(forgotten);
    }

    [Fact]
    public void A_card_recognised_from_the_index_is_stored_with_the_opening_and_goes_to_card_lookup_with_the_callers_number()
    {
        var activationId = Guid.NewGuid();
        var report = new Report(Channel.Phone, new Reporter("Emergency services (phone)", "Caller", "+447700900123"), CannotCareReason.Other, null, null);
        var recognised = KnownCard.FirstHeard("492177305518", CarerId, KnownCard.InUse, Issued, InGlasgow).Check!;
        var key = SubjectKey.Generate("activation-test");

        var events = ActivationDesk.Decide(activationId, report, recognised, ["492177305518"], Lost, key);
        var asked = ActivationDesk.Decide(activationId, report, recognised with { FromCardIndex = false }, ["492177305518"], Lost, key);

        events.Select(e => e.GetType()).Should().Equal(typeof(ActivationOpened), typeof(CardVerified), typeof(CardRecognised));
        asked.Select(e => e.GetType()).Should().Equal([typeof(ActivationOpened), typeof(CardVerified)], "card lookup recorded the lookup it was asked");
        var stored = (CardRecognised)events[2];
        var inClear = stored with { RequestedBy = new Sealed<string>("+447700900123") };
        var message = new ContractMap(new OpeningForTheRelay(null!, null!))
            .MessagesFor([new Event<object>(inClear) { Id = Guid.NewGuid(), StreamId = activationId, Version = 3, Sequence = 3 }]).Single();
        message.Message.Should().Be(new Published.CardRecognised(activationId, "492177305518", CarerId, true, "phone", "+447700900123", Lost));
        key.Show(stored.RequestedBy).Should().Be("+447700900123", "the caller's number is sealed on the timeline");
    }
}
