using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Issuing;
using Cers.Dispatch.CardLookup.Cards.Replacing;
using Cers.Dispatch.CardLookup.Cards.ReportingLoss;
using Cers.Dispatch.CardLookup.Cards.Suspending;
using Cers.Dispatch.CardLookup.Common;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class CardRulesTests
{
    private static readonly Instant Now = Demo.Now;
    private static readonly Guid CardId = Guid.NewGuid();
    private const string Number = "492177305518";

    private static Card Active => Card.Create(new CardIssued(CardId, Number, Demo.CarerId, null, "hub-staff", Now - Duration.FromDays(10)));

    private static Card Evolve(Card card, IEnumerable<object> events) => events.Aggregate(card, CardStreams.Evolve);

    [Fact]
    public void A_card_is_issued_only_once_someone_cared_for_is_registered()
    {
        var issuing = () => IssueCardSlice.Decide(new IssueCard(Demo.CarerId, CardId, Number, "hub-staff", Now), Demo.RegisteredCarer, []);

        issuing.Should().Throw<DomainRuleViolated>();
        IssueCardSlice.Decide(new IssueCard(Demo.CarerId, CardId, Number, "hub-staff", Now), Demo.CaringForRohan, [])
            .Should().Be(new CardIssued(CardId, Number, Demo.CarerId, null, "hub-staff", Now));
    }

    [Fact]
    public void A_carer_holding_a_card_gets_a_replacement_not_a_second_card()
    {
        var issuing = () => IssueCardSlice.Decide(new IssueCard(Demo.CarerId, Guid.NewGuid(), "123", "hub-staff", Now), Demo.CaringForRohan, [Active]);

        issuing.Should().Throw<DomainRuleViolated>().WithMessage("*replace*");
    }

    [Theory]
    [InlineData(LossKind.Lost, CardStatus.Lost)]
    [InlineData(LossKind.Stolen, CardStatus.Stolen)]
    public void A_card_reported_lost_or_stolen_stops_working_at_once(LossKind kind, CardStatus status)
    {
        var card = Evolve(Active, ReportCardLostSlice.Decide(new ReportCardLost(kind, "carer by phone", Now), Active));

        card.Status.Should().Be(status);
        card.Works.Should().BeFalse();
    }

    [Fact]
    public void Reporting_the_same_loss_twice_changes_nothing()
    {
        var lost = Evolve(Active, ReportCardLostSlice.Decide(new ReportCardLost(LossKind.Lost, "carer", Now), Active));

        ReportCardLostSlice.Decide(new ReportCardLost(LossKind.Lost, "carer", Now), lost).Should().BeEmpty();
    }

    [Fact]
    public void A_lost_card_is_never_reinstated()
    {
        var lost = Evolve(Active, ReportCardLostSlice.Decide(new ReportCardLost(LossKind.Lost, "carer", Now), Active));

        var reinstating = () => ReinstateCardSlice.Decide(new ReinstateCard("hub-staff", Now), lost);

        reinstating.Should().Throw<DomainRuleViolated>().WithMessage("*replacement*");
    }

    [Fact]
    public void A_replacement_for_a_lost_card_has_a_new_number_and_the_old_one_stays_dead()
    {
        var lost = Evolve(Active, ReportCardLostSlice.Decide(new ReportCardLost(LossKind.Stolen, "carer", Now), Active));
        var newId = Guid.NewGuid();

        var (old, issued) = ReplaceCardSlice.Decide(new ReplaceCard(newId, "100000000006", "hub-staff", Now), lost);

        issued.Should().Be(new CardIssued(newId, "100000000006", Demo.CarerId, Number, "hub-staff", Now));
        var replaced = lost.Apply(old);
        replaced.Status.Should().Be(CardStatus.Replaced);
        replaced.ReplacedByCardNumber.Should().Be("100000000006");
        replaced.Works.Should().BeFalse();
        Card.Create(issued).Works.Should().BeTrue();
    }

    [Fact]
    public void A_replaced_card_cannot_be_replaced_again_or_suspended()
    {
        var (old, _) = ReplaceCardSlice.Decide(new ReplaceCard(Guid.NewGuid(), "100000000006", "hub-staff", Now), Active);
        var replaced = Active.Apply(old);

        ((Action)(() => ReplaceCardSlice.Decide(new ReplaceCard(Guid.NewGuid(), "200000000008", "hub-staff", Now), replaced))).Should().Throw<DomainRuleViolated>();
        ((Action)(() => SuspendCardSlice.Decide(new SuspendCard(SuspensionReason.MovedAway, null, "hub-staff", Now), replaced))).Should().Throw<DomainRuleViolated>();
    }

    [Fact]
    public void A_suspended_card_does_not_work_until_it_is_reinstated()
    {
        var suspended = Evolve(Active, SuspendCardSlice.Decide(new SuspendCard(SuspensionReason.RegistrationLapsed, null, "hub-staff", Now), Active));

        suspended.Works.Should().BeFalse();
        suspended.Status.Should().Be(CardStatus.Suspended);
        var reinstated = Evolve(suspended, ReinstateCardSlice.Decide(new ReinstateCard("hub-staff", Now), suspended));
        reinstated.Works.Should().BeTrue();
    }

    [Fact]
    public void A_suspended_card_is_reinstated_before_it_is_replaced()
    {
        var suspended = Evolve(Active, SuspendCardSlice.Decide(new SuspendCard(SuspensionReason.MovedAway, null, "hub-staff", Now), Active));

        ((Action)(() => ReplaceCardSlice.Decide(new ReplaceCard(Guid.NewGuid(), "100000000006", "hub-staff", Now), suspended))).Should().Throw<DomainRuleViolated>();
    }

    [Theory]
    [InlineData("moved-away", SuspensionReason.MovedAway)]
    [InlineData("RegistrationLapsed", SuspensionReason.RegistrationLapsed)]
    public void Suspension_reasons_are_read_as_the_hub_writes_them(string text, SuspensionReason reason) =>
        SuspendCardSlice.Validate(new SuspendCardRequest(text, null, "hub-staff"), Now).Command!.Reason.Should().Be(reason);

    [Fact]
    public void Suspending_for_another_reason_needs_a_note() =>
        SuspendCardSlice.Validate(new SuspendCardRequest("other", null, "hub-staff"), Now).Errors.Keys.Should().BeEquivalentTo("note");

    [Fact]
    public void A_loss_report_says_lost_or_stolen_and_who_reported_it() =>
        ReportCardLostSlice.Validate(new ReportCardLostRequest("mislaid", " "), Now).Errors.Keys.Should().BeEquivalentTo("kind", "reportedBy");
}
