using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Planning;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class ErasedRecordTests
{
    private static Carer Planned()
    {
        var (command, _) = RecordEmergencyPlanSlice.Validate(Demo.Plan(), Demo.Assessed, Demo.Now);
        return Demo.Assessed.Apply(RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(Demo.Assessed), Demo.Key));
    }

    [Fact]
    public void An_erased_plan_keeps_its_version_dates_skills_and_people_with_every_personal_value_marked()
    {
        var plan = PlanView.OfErased(Planned(), new LocalDate(2026, 11, 25))!;

        plan.Erased.Should().BeTrue();
        plan.Version.Should().Be(1);
        plan.ReviewDate.Should().Be(new LocalDate(2027, 5, 25));
        plan.RequiredSkills.Should().Equal("autism", "epilepsy", "children");
        plan.People.Should().ContainSingle().Which.Should().BeEquivalentTo(new { PersonId = Demo.Rohan, FirstName = "[erased]", CareNeeds = "[erased]" });
        plan.CoverNote.Should().StartWith("[erased]");
        plan.Gp.Name.Should().Be("[erased]");
        plan.Medication.Should().BeEmpty();
    }

    [Fact]
    public void An_erased_register_entry_keeps_its_shape()
    {
        var view = CarerView.OfErased(Planned().Apply(new CarerErased(Demo.CarerId, ErasureGround.Request, "DSR-114", "admin", Demo.Now)));

        view.Erased.Should().BeTrue();
        view.Name.Should().Be(new PersonName("[erased]", "[erased]"));
        view.HubReference.Should().Be("[erased]");
        view.Area.Should().Be("LS6 Leeds");
        view.CaredFor.Should().ContainSingle().Which.PersonId.Should().Be(Demo.Rohan);
        view.Assessments.Should().ContainSingle().Which.Findings.Should().Be("[erased]");
        view.ErasedAt.Should().Be(Demo.Now);
    }
}
