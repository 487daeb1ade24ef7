using Cers.Dispatch.Rostering.Dispatches.Offering;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class WorkersBeingAskedTests
{
    [Fact]
    public void A_worker_just_chosen_for_one_activation_is_not_chosen_for_another_but_is_again_for_the_same()
    {
        var asked = new WorkersBeingAsked();
        var asha = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        asked.TryChoose(asha, first).Should().BeTrue();
        asked.TryChoose(asha, second).Should().BeFalse("another call chose her a moment ago");
        asked.TryChoose(asha, first).Should().BeTrue("a decision retried after a conflict chooses her again");
        asked.TryChoose(Guid.NewGuid(), second).Should().BeTrue();
    }
}
