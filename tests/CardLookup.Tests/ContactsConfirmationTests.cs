using System.Text.Json;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.ConfirmingContacts;
using Cers.Dispatch.CardLookup.Carers.Planning;
using Cers.Dispatch.CardLookup.Common;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

/// <summary>Asha's sister Priya and neighbour Tom were reached on their numbers; a later plan keeps that only while the numbers stay.</summary>
public sealed class ContactsConfirmationTests
{
    private static readonly Instant Phoned = Demo.Now + Duration.FromDays(1);

    private static EmergencyPlanRecorded Record(Carer carer, RecordEmergencyPlanRequest? request = null)
    {
        var (command, errors) = RecordEmergencyPlanSlice.Validate(request ?? Demo.Plan(), carer, Demo.Now + Duration.FromDays(2));
        errors.Should().BeEmpty();
        return RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(carer), Demo.Key);
    }

    private static Carer Planned => Demo.Assessed.Apply(Record(Demo.Assessed));

    private static EmergencyContactsConfirmed Confirm(Carer carer, int planVersion, string how = "phoned")
    {
        var (command, errors) = ConfirmEmergencyContactsSlice.Validate(new(planVersion, how), Demo.CarerId, "hub: J Brown", Phoned);
        errors.Should().BeEmpty();
        return ConfirmEmergencyContactsSlice.Decide(command!, Demo.Opened(carer));
    }

    private static Carer ConfirmedAtVersionOne => Planned.Apply(Confirm(Planned, 1));

    private static RecordEmergencyPlanRequest WithContacts(params EmergencyContactRequest[] contacts) => Demo.Plan() with { EmergencyContacts = contacts };

    [Fact]
    public void Contacts_of_the_latest_plan_are_confirmed_with_how_and_by_whom()
    {
        Confirm(Planned, 1, "in-person").Should().Be(new EmergencyContactsConfirmed(Demo.CarerId, 1, ConfirmationMethod.InPerson, "hub: J Brown", Phoned));
    }

    [Fact]
    public void The_confirmation_names_no_contact_and_no_number()
    {
        var stored = JsonSerializer.Serialize(Confirm(Planned, 1));

        stored.Should().NotContain("Priya").And.NotContain("4960200").And.NotContain("pd1.");
    }

    [Fact]
    public void An_older_version_cannot_be_confirmed_once_a_newer_one_is_recorded()
    {
        var twice = Planned.Apply(Record(Planned));

        var confirming = () => Confirm(twice, 1);

        confirming.Should().Throw<DomainRuleViolated>().WithMessage("*version 1 is not the latest*version 2*");
    }

    [Fact]
    public void Without_a_plan_there_are_no_contacts_to_confirm()
    {
        var confirming = () => Confirm(Demo.Assessed, 1);

        confirming.Should().Throw<DomainRuleViolated>().WithMessage("No emergency plan*");
    }

    [Fact]
    public void A_version_and_a_way_of_reaching_them_are_needed()
    {
        var (command, errors) = ConfirmEmergencyContactsSlice.Validate(new(0, "email"), Demo.CarerId, "hub", Phoned);

        command.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("planVersion", "how");
        errors["how"].Should().Equal("One of phoned, in-person, sms-reply.");
    }

    [Fact]
    public void A_new_version_with_the_same_numbers_keeps_the_confirmation_even_renamed_and_reordered()
    {
        var revised = Record(ConfirmedAtVersionOne, WithContacts(
            new EmergencyContactRequest("Tom Reed", "neighbour", "02079460300", HoldsKey: true),
            new EmergencyContactRequest("Priya Shah", "sister", "0113 496 0200")));

        revised.ContactsConfirmedAt.Should().Be(Phoned);
    }

    [Fact]
    public void A_new_version_with_a_number_changed_or_added_needs_the_contacts_confirmed_again()
    {
        var changed = Record(ConfirmedAtVersionOne, WithContacts(
            new EmergencyContactRequest("Priya Patel", "sister", "0113 496 0200"), new EmergencyContactRequest("Tom Reed", "neighbour", "020 7946 0999")));
        var added = Record(ConfirmedAtVersionOne, WithContacts(
            new EmergencyContactRequest("Priya Patel", "sister", "0113 496 0200"), new EmergencyContactRequest("Tom Reed", "neighbour", "020 7946 0300"),
            new EmergencyContactRequest("Ann Lee", "friend", "0113 496 0555")));

        changed.ContactsConfirmedAt.Should().BeNull();
        added.ContactsConfirmedAt.Should().BeNull();
    }

    [Fact]
    public void Numbers_never_confirmed_carry_no_confirmation() =>
        Record(Planned).ContactsConfirmedAt.Should().BeNull();

    [Fact]
    public void A_number_changed_and_changed_back_is_the_number_that_was_confirmed()
    {
        var changed = ConfirmedAtVersionOne.Apply(Record(ConfirmedAtVersionOne, WithContacts(new EmergencyContactRequest("Priya Patel", "sister", "0113 496 0999"))));

        Record(changed).ContactsConfirmedAt.Should().Be(Phoned);
    }

    [Fact]
    public void The_register_shows_the_last_confirmation_and_whether_it_holds_for_the_current_plan()
    {
        var confirmed = CarerView.Of(Demo.Opened(ConfirmedAtVersionOne));
        var lapsed = CarerView.Of(Demo.Opened(ConfirmedAtVersionOne.Apply(
            Record(ConfirmedAtVersionOne, WithContacts(new EmergencyContactRequest("Priya Patel", "sister", "0113 496 0999"))))));

        confirmed.ContactsConfirmed.Should().Be(new ContactsConfirmationView(1, "phoned", Phoned));
        confirmed.PlanContactsConfirmedAt.Should().Be(Phoned);
        lapsed.ContactsConfirmed.Should().Be(new ContactsConfirmationView(1, "phoned", Phoned));
        lapsed.PlanContactsConfirmedAt.Should().BeNull();
    }

    [Fact]
    public void The_confirmed_numbers_stay_sealed_in_the_carer_document()
    {
        var stored = JsonSerializer.Serialize(ConfirmedAtVersionOne);

        StoredText.OutsideEnvelopes(stored).Should().NotContain("+441134960200").And.NotContain("Priya");
    }
}
