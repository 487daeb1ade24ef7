using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Demo;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class DemoDataTests
{
    [Fact]
    public void A_demo_plan_needs_two_care_workers_at_once_exactly_when_someone_in_it_is_moved_by_two_people_with_a_hoist()
    {
        var faker = DemoSeeder.NewFaker();
        var plans = Enumerable.Range(0, 40).Select(i => DemoSeeder.Generate(faker, Demo.Now, i))
            .Select(h => (h.Key, Recorded: h.CarerEvents.OfType<EmergencyPlanRecorded>().Single())).ToList();

        plans.Should().AllSatisfy(p => p.Recorded.Outline.WorkersNeeded.Should().Be(
            p.Key.Open(p.Recorded.Plan).People.Any(c => c.MovingAndHandling == "Two-person transfer with hoist") ? 2 : 1));
        plans.Select(p => p.Recorded.Outline.WorkersNeeded).Distinct().Should().BeEquivalentTo([1, 2]);
    }
}
