using System.Text.Json;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Planning;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class EmergencyPlanTests
{
    private static EmergencyPlanRecorded Record(Carer carer, RecordEmergencyPlanRequest? request = null, Instant? at = null)
    {
        var (command, errors) = RecordEmergencyPlanSlice.Validate(request ?? Demo.Plan(), carer, at ?? Demo.Now);
        errors.Should().BeEmpty();
        return RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(carer), Demo.Key);
    }

    [Fact]
    public void The_first_plan_is_version_one_and_carries_where_it_applies()
    {
        var recorded = Record(Demo.Assessed);

        recorded.Version.Should().Be(1);
        recorded.Outline.RequiredSkills.Should().Equal("autism", "epilepsy", "children");
        recorded.Outline.PersonIds.Should().Equal(Demo.Rohan);
        var plan = Demo.Key.Open(recorded.Plan);
        plan.EmergencyContacts.Should().Equal(
            new EmergencyContact(1, "Priya Patel", "sister", "+441134960200"),
            new EmergencyContact(2, "Tom Reed", "neighbour", "+442079460300"));
        plan.Medication.Single().Times.Should().Equal(new LocalTime(8, 0), new LocalTime(20, 0));
    }

    [Fact]
    public void A_plan_that_does_not_say_how_many_care_workers_it_needs_at_once_needs_one()
    {
        var recorded = Record(Demo.Assessed);

        recorded.Outline.WorkersNeeded.Should().Be(1);
    }

    [Fact]
    public void A_plan_for_a_two_person_transfer_keeps_two_workers_in_its_outline_and_shows_them_even_once_erased()
    {
        var carer = Demo.Assessed.Apply(Record(Demo.Assessed, Demo.Plan() with { WorkersNeeded = 2 }));

        carer.PlanOutline!.WorkersNeeded.Should().Be(2);
        PlanView.Of(Demo.Opened(carer), new LocalDate(2026, 11, 25))!.WorkersNeeded.Should().Be(2);
        PlanView.OfErased(carer, new LocalDate(2026, 11, 25))!.WorkersNeeded.Should().Be(2, "the outline is not personal");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    public void Care_workers_needed_at_once_is_one_or_two(int workers)
    {
        var (command, errors) = RecordEmergencyPlanSlice.Validate(Demo.Plan() with { WorkersNeeded = workers }, Demo.Assessed, Demo.Now);

        command.Should().BeNull();
        errors.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new KeyValuePair<string, string[]>("workersNeeded", ["1, or 2 for a two-person transfer."]));
    }

    [Fact]
    public void A_key_safe_with_its_code_recorded_is_key_access_on_file()
    {
        var recorded = Record(Demo.Assessed);

        recorded.KeyAccessOnFile.Should().BeTrue();
        recorded.EmergencyContacts.Should().Be(2);
    }

    [Fact]
    public void Without_a_key_safe_code_only_a_contact_holding_a_key_gives_key_access()
    {
        var noKeySafe = Demo.Plan() with { HomeAccess = new HomeAccessRequest("Knock loudly.", null, null, null, null) };
        var keyHolder = noKeySafe with
        {
            EmergencyContacts = [new EmergencyContactRequest("Priya Patel", "sister", "0113 496 0200", HoldsKey: true)],
        };

        Record(Demo.Assessed, noKeySafe).KeyAccessOnFile.Should().BeFalse();
        var held = Record(Demo.Assessed, keyHolder);
        held.KeyAccessOnFile.Should().BeTrue();
        held.EmergencyContacts.Should().Be(1);
        Demo.Key.Open(held.Plan).EmergencyContacts.Single().HoldsKey.Should().BeTrue();
    }

    [Fact]
    public void A_contact_holds_no_key_unless_the_plan_says_so() =>
        Demo.Key.Open(Record(Demo.Assessed).Plan).EmergencyContacts.Should().OnlyContain(c => !c.HoldsKey);

    [Fact]
    public void Where_the_plan_applies_is_kept_in_clear_only_to_about_a_kilometre()
    {
        var recorded = Record(Demo.Assessed);

        recorded.Location.Should().Be(new CoverLocation(Nations.EnglandAndWales, "LS6 Leeds", 53.82, -1.58));
    }

    [Fact]
    public void Every_change_is_a_new_version()
    {
        var once = Demo.Assessed.Apply(Record(Demo.Assessed));

        Record(once, Demo.Plan() with { ReviewDate = "2027-01-31" }).Version.Should().Be(2);
    }

    [Fact]
    public void A_plan_needs_its_assessment_done_first()
    {
        var (command, _) = RecordEmergencyPlanSlice.Validate(Demo.Plan(), Demo.CaringForRohan, Demo.Now);

        var deciding = () => RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(Demo.CaringForRohan), Demo.Key);

        deciding.Should().Throw<DomainRuleViolated>().WithMessage("*assessment*");
    }

    [Fact]
    public void Cover_is_for_the_named_cared_for_people_only()
    {
        var sibling = Guid.NewGuid();

        var (_, errors) = RecordEmergencyPlanSlice.Validate(Demo.Plan(personId: sibling), Demo.Assessed, Demo.Now);

        errors.Keys.Should().BeEquivalentTo("people[0].personId", "medication[0].personId");
    }

    [Fact]
    public void The_plan_says_that_nobody_else_in_the_home_is_covered()
    {
        var carer = Demo.Assessed.Apply(Record(Demo.Assessed));

        PlanView.Of(Demo.Opened(carer), new LocalDate(2026, 11, 25))!.CoverNote.Should().Be("Cover is for Rohan Patel only. Siblings or anyone else in the home are not covered.");
    }

    [Fact]
    public void Skills_must_come_from_the_vocabulary_rostering_matches_on()
    {
        var (_, errors) = RecordEmergencyPlanSlice.Validate(Demo.Plan() with { RequiredSkills = ["autism", "juggling"] }, Demo.Assessed, Demo.Now);

        errors.Keys.Should().BeEquivalentTo("requiredSkills[1]");
    }

    [Fact]
    public void Every_wrong_field_is_named_at_once()
    {
        var request = Demo.Plan() with
        {
            EmergencyContacts = [new EmergencyContactRequest("", "sister", "12")],
            Gp = null,
            ReviewDate = "2026-11-25",
            Medication = [new MedicationRequest(Demo.Rohan, "Levetiracetam", "250 mg", ["8am"], "by mouth", "kitchen", "staff")],
        };

        var (_, errors) = RecordEmergencyPlanSlice.Validate(request, Demo.Assessed, Demo.Now);

        errors.Keys.Should().BeEquivalentTo("emergencyContacts[0].name", "emergencyContacts[0].phone", "gp", "reviewDate", "medication[0].times[0]");
    }

    [Fact]
    public void An_empty_entry_in_a_list_is_named_by_its_place()
    {
        var person = Demo.Plan().People![0] with { Allergies = ["penicillin", " "] };

        var (_, errors) = RecordEmergencyPlanSlice.Validate(Demo.Plan() with { People = [person], AidsAndEquipment = [null] }, Demo.Assessed, Demo.Now);

        errors.Keys.Should().BeEquivalentTo("people[0].allergies[1]", "aidsAndEquipment[0]");
    }

    [Fact]
    public void The_key_safe_code_and_entry_instructions_are_sealed_apart_from_the_plan_and_never_reach_the_carer_document()
    {
        var recorded = Record(Demo.Assessed);
        var carer = Demo.Assessed.Apply(recorded);

        Demo.Key.Open(recorded.Secrets).Should().Be(new DoorSecrets("Back door, lift the latch.", "4096"));
        JsonSerializer.Serialize(Demo.Key.Open(recorded.Plan)).Should().NotContain("4096").And.NotContain("latch");
        JsonSerializer.Serialize(carer).Should().NotContain(recorded.Secrets.Envelope);
        Demo.Opened(carer).Plan!.HomeAccess.KeySafeFitted.Should().BeTrue();
    }

    [Fact]
    public void The_plan_is_stored_as_ciphertext_that_names_nobody()
    {
        var recorded = Record(Demo.Assessed);

        var stored = JsonSerializer.Serialize(recorded);

        stored.Should().Contain("\"pd1.");
        StoredText.OutsideEnvelopes(stored).Should().NotContain("Levetiracetam").And.NotContain("Priya").And.NotContain("4096").And.NotContain("Autistic");
        stored.Should().Contain("\"autism\"", "the required skills stay in clear for matching");
    }

    [Fact]
    public void A_plan_past_its_review_date_still_answers_but_says_it_is_overdue()
    {
        var carer = Demo.Assessed.Apply(Record(Demo.Assessed));

        LookupAnswer.Of(null, Demo.Opened(carer), new LocalDate(2027, 5, 25)).PlanOverdueForReview.Should().BeFalse();
        var late = LookupAnswer.Of(null, Demo.Opened(carer), new LocalDate(2027, 5, 26));
        late.PlanOverdueForReview.Should().BeTrue();
        late.HasPlan.Should().BeTrue();
    }
}
