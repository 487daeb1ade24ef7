using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Retention;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class RetentionRuleTests
{
    private static readonly Instant EightYearsOn = Demo.Now + Duration.FromDays(2922);
    private static readonly Instant Cutoff = EightYearsOn - Duration.FromDays(2922) + Duration.FromDays(1);

    private static Card CardOf(CardStatus status, Instant changedAt) =>
        new(Guid.NewGuid(), "492177305518", Demo.CarerId, status, Demo.Now - Duration.FromDays(20), null, null, null, changedAt);

    private static CoverAccess ClosedActivation(Instant closedAt) =>
        CoverAccess.New(Guid.NewGuid()).Opened(closedAt - Duration.FromDays(2)).Identified(Demo.CarerId).Closed(closedAt);

    [Fact]
    public void A_carer_whose_card_stopped_working_and_nothing_happened_since_the_cutoff_is_due() =>
        RetentionRule.IsDue(Demo.Assessed, [CardOf(CardStatus.Suspended, Demo.Now - Duration.FromDays(10))], [], Cutoff).Should().BeTrue();

    [Fact]
    public void A_carer_with_a_working_card_is_never_due() =>
        RetentionRule.IsDue(Demo.Assessed, [CardOf(CardStatus.Active, Demo.Now - Duration.FromDays(10))], [], EightYearsOn).Should().BeFalse();

    [Fact]
    public void A_carer_with_an_open_activation_is_never_due() =>
        RetentionRule.IsDue(Demo.Assessed, [], [CoverAccess.New(Guid.NewGuid()).Opened(Demo.Now).Identified(Demo.CarerId)], EightYearsOn).Should().BeFalse();

    [Fact]
    public void The_period_runs_from_the_last_activation_closed_for_them()
    {
        var closed = Demo.Now + Duration.FromDays(100);

        RetentionRule.IsDue(Demo.Assessed, [], [ClosedActivation(closed)], Cutoff).Should().BeFalse();
        RetentionRule.IsDue(Demo.Assessed, [], [ClosedActivation(closed)], closed + Duration.FromDays(1)).Should().BeTrue();
    }

    [Fact]
    public void A_card_reported_lost_later_counts_as_activity() =>
        RetentionRule.LastActivity(Demo.Assessed, [CardOf(CardStatus.Lost, Demo.Now + Duration.FromDays(50))], []).Should().Be(Demo.Now + Duration.FromDays(50));

    [Fact]
    public void An_erased_carer_is_not_erased_again() =>
        RetentionRule.IsDue(Demo.Assessed.Apply(new Carers.CarerErased(Demo.CarerId, Carers.ErasureGround.Request, "DSR-1", "admin", Demo.Now)), [], [], EightYearsOn)
            .Should().BeFalse();

    [Fact]
    public void The_daily_sweep_runs_at_three_in_the_morning_london_time()
    {
        // 25 November is GMT; 1 July is BST, so 03:00 in London is 02:00 UTC.
        RetentionStream.NextSweepAfter(Instant.FromUtc(2026, 11, 25, 10, 0), new LocalTime(3, 0)).Should().Be(Instant.FromUtc(2026, 11, 26, 3, 0));
        RetentionStream.NextSweepAfter(Instant.FromUtc(2026, 7, 1, 1, 0), new LocalTime(3, 0)).Should().Be(Instant.FromUtc(2026, 7, 1, 2, 0));
    }
}
