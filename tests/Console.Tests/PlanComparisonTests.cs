using Cers.Dispatch.Console.Plans;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

public sealed class PlanComparisonTests
{
    private static readonly Guid Tom = Guid.NewGuid();

    private static PlanShown Plan(int version, IReadOnlyList<MedicineShown>? medication = null, IReadOnlyList<KeyItemShown>? keyItems = null) => new(
        Guid.NewGuid(), version, Instant.FromUtc(2026, 11, 25, 14, 0), new LocalDate(2027, 5, 1), false, null,
        [new PersonCareShown(Tom, "Tom", "Hale", "Help with washing.", ["washing"], null, null, null, null, [], ["dementia"])],
        medication ?? [Medicine("08:00", "20:00")],
        ["hoist"],
        new GpShown("Dr Rao", "Mill Road Surgery", "+441134960500"),
        new HomeAccessShown(true, null, null, null),
        keyItems ?? [new KeyItemShown("house keys", "hook by the back door")],
        ["dementia"],
        [new EmergencyContactShown(1, "Sue Hale", "daughter", "+441134960700")],
        false);

    private static MedicineShown Medicine(params string[] times) =>
        new(Tom, "Donepezil", "10 mg", times.Select(t => LocalTime.FromHourMinuteSecondTick(int.Parse(t[..2], null), int.Parse(t[3..], null), 0, 0)).ToList(), "by mouth", "blue box", "trained staff");

    [Fact]
    public void A_medicine_given_at_another_time_is_that_one_change_old_to_new() =>
        PlanComparison.Between(Plan(1), Plan(2, medication: [Medicine("09:00", "20:00")]))
            .Should().Equal(new PlanChange("Donepezil for Tom Hale: times", "08:00, 20:00", "09:00, 20:00"));

    [Fact]
    public void A_plan_that_comes_to_need_a_two_person_transfer_shows_the_workers_needed_changing() =>
        PlanComparison.Between(Plan(1), Plan(2) with { WorkersNeeded = 2 })
            .Should().Equal(new PlanChange("Care workers needed at once", "One", "Two (two-person transfer)"));

    [Fact]
    public void Two_versions_alike_in_every_field_have_no_changes() =>
        PlanComparison.Between(Plan(1), Plan(2)).Should().BeEmpty();

    [Fact]
    public void A_key_item_added_has_nothing_before_and_one_removed_nothing_after()
    {
        var changes = PlanComparison.Between(Plan(1), Plan(2, keyItems: [new KeyItemShown("spare key", "under the mat")]));

        changes.Should().BeEquivalentTo([
            new PlanChange("Where to find the spare key", null, "under the mat"),
            new PlanChange("Where to find the house keys", "hook by the back door", null),
        ]);
    }
}
