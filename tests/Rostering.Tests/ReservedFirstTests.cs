using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Reservations;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class ReservedFirstTests
{
    private static readonly Guid Near = Guid.NewGuid();
    private static readonly Guid Held = Guid.NewGuid();

    private static readonly Ranking Ranking = new(
        [new RankedCandidate(1, Near, "Near", 1.2, 10, ["1.2 km from base"]), new RankedCandidate(2, Held, "Held", 4.5, 3, ["4.5 km from base"])],
        []);

    [Fact]
    public void The_worker_held_for_planned_cover_is_asked_first_and_the_reason_says_so()
    {
        var ranked = ReservedFirst.Apply(Ranking, Held).Ranked;

        ranked.Select(r => (r.Rank, r.WorkerId)).Should().Equal((1, Held), (2, Near));
        ranked[0].Reasons.Should().Contain("reserved for this planned cover");
    }

    [Fact]
    public void A_held_worker_who_no_longer_qualifies_is_not_pushed_in()
    {
        var stranger = Guid.NewGuid();

        ReservedFirst.Apply(Ranking, stranger).Should().BeSameAs(Ranking);
    }

    [Fact]
    public void Without_a_reservation_the_ranking_stands() =>
        ReservedFirst.Apply(Ranking, null).Should().BeSameAs(Ranking);
}
