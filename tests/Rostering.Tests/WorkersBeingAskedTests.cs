using Cers.Dispatch.Rostering.Dispatches.Offering;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class WorkersBeingAskedTests
{
    private readonly WorkersBeingAsked asked = new();
    private readonly Guid asha = Guid.NewGuid();
    private readonly Guid first = Guid.NewGuid();
    private readonly Guid second = Guid.NewGuid();

    [Fact]
    public void A_worker_claimed_for_one_activation_is_not_claimed_for_another_but_is_again_for_the_same()
    {
        var snapshot = asked.Snapshot();

        asked.TryClaim(asha, first, snapshot).Should().BeTrue();
        asked.TryClaim(asha, second, snapshot).Should().BeFalse("another call is asking her and its offer is not stored yet");
        asked.TryClaim(asha, first, snapshot).Should().BeTrue("a decision retried after a conflict claims her again");
        asked.TryClaim(Guid.NewGuid(), second, snapshot).Should().BeTrue();
    }

    [Fact]
    public void Once_the_offer_is_stored_only_searches_that_began_before_it_pass_her_over()
    {
        var before = asked.Snapshot();
        asked.TryClaim(asha, first, before).Should().BeTrue();

        asked.Stored(asha, first);

        asked.TryClaim(asha, second, before).Should().BeFalse("that search read the open offers before this one was stored");
        asked.TryClaim(asha, second, asked.Snapshot()).Should().BeTrue("a search begun since reads her open offer from the database");
    }

    [Fact]
    public void A_claim_given_up_without_an_offer_frees_the_worker()
    {
        var snapshot = asked.Snapshot();
        asked.TryClaim(asha, first, snapshot).Should().BeTrue();

        asked.Abandon(asha, first);

        asked.TryClaim(asha, second, snapshot).Should().BeTrue();
    }
}
