using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using JasperFx;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class StreamConflictTests
{
    [Fact]
    public void Several_workers_claimed_by_other_decisions_at_once_is_a_conflict_to_decide_again_not_a_failure()
    {
        // A plan for two asks three workers in one decision; Marten reports each claim that lost as one of a set.
        var lost = new AggregateException(
            new DocumentAlreadyExistsException(new InvalidOperationException("unique"), typeof(WorkerClaim), Guid.NewGuid()),
            new DocumentAlreadyExistsException(new InvalidOperationException("unique"), typeof(WorkerClaim), Guid.NewGuid()));

        StreamConflicts.IsConflict(lost).Should().BeTrue();
        StreamConflicts.IsConflict(new AggregateException(lost.InnerExceptions[0], new TimeoutException())).Should()
            .BeFalse("a failure of another kind among them is not a conflict");
    }
}
