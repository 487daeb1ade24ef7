using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Consenting;
using Cers.Dispatch.CardLookup.Common;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class PlanConsentTests
{
    private static readonly Instant Asked = Demo.Now + Duration.FromDays(3);

    private static PlanConsentConfirmed Confirm(Carer carer, bool consent)
    {
        var (command, errors) = ConfirmPlanConsentSlice.Validate(new(consent), Demo.CarerId, "hub: J Brown", Asked);
        errors.Should().BeEmpty();
        return ConfirmPlanConsentSlice.Decide(command!, carer);
    }

    [Fact]
    public void Consent_is_as_given_at_registration_until_the_carer_says_otherwise()
    {
        var view = CarerView.Of(Demo.Opened(Demo.RegisteredCarer));

        view.ConsentToSharePlan.Should().BeTrue();
        view.ConsentRecordedAt.Should().Be(Demo.Registered.RegisteredAt);
    }

    [Fact]
    public void A_carer_who_withdraws_consent_has_it_recorded_with_when()
    {
        var confirmed = Confirm(Demo.RegisteredCarer, consent: false);
        var view = CarerView.Of(Demo.Opened(Demo.RegisteredCarer.Apply(confirmed)));

        confirmed.Should().Be(new PlanConsentConfirmed(Demo.CarerId, false, "hub: J Brown", Asked));
        view.ConsentToSharePlan.Should().BeFalse();
        view.ConsentRecordedAt.Should().Be(Asked);
    }

    [Fact]
    public void The_same_answer_again_renews_when_it_was_given()
    {
        var carer = Demo.RegisteredCarer.Apply(Confirm(Demo.RegisteredCarer, consent: true));

        carer.ConsentToSharePlan.Should().BeTrue();
        carer.ConsentRecordedAt.Should().Be(Asked);
    }

    [Fact]
    public void Consent_needs_a_yes_or_a_no()
    {
        var (command, errors) = ConfirmPlanConsentSlice.Validate(new(null), Demo.CarerId, "hub", Asked);

        command.Should().BeNull();
        errors.Keys.Should().Equal("consentToSharePlan");
    }

    [Fact]
    public void Nothing_more_is_recorded_for_an_erased_carer()
    {
        var erased = Demo.RegisteredCarer.Apply(new CarerErased(Demo.CarerId, ErasureGround.Request, "DSR-114", "admin", Demo.Now));

        var confirming = () => Confirm(erased, consent: true);

        confirming.Should().Throw<DomainRuleViolated>().WithMessage("*erased*");
    }
}
