using Cers.Dispatch.Console.Register;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

/// <summary>How the carer page says whether the emergency contacts and the consent to share the plan were confirmed.</summary>
public sealed class CarerConfirmationWordsTests
{
    private static readonly Instant Phoned = Instant.FromUtc(2026, 11, 20, 14, 5);

    private static RegisteredCarer Carer(int planVersion, ContactsConfirmationShown? last = null, Instant? currentPlanConfirmedAt = null, bool consent = true) => new(
        Guid.NewGuid(), null, null, null, null, null, null, null, null, consent, Instant.FromUtc(2026, 6, 1, 9, 0), null, null, planVersion, null, false, null,
        Instant.FromUtc(2026, 6, 1, 9, 0), last, currentPlanConfirmedAt);

    [Fact]
    public void Contacts_never_confirmed_say_so_and_without_a_plan_there_are_none()
    {
        RegisterWording.ContactsConfirmed(Carer(planVersion: 2)).Should().Be("Not confirmed yet.");
        RegisterWording.ContactsConfirmed(Carer(planVersion: 0)).Should().StartWith("No plan yet");
    }

    [Fact]
    public void Contacts_confirmed_for_the_current_version_say_when_and_how_in_UK_time() =>
        RegisterWording.ContactsConfirmed(Carer(2, new ContactsConfirmationShown(2, "sms-reply", Phoned), Phoned))
            .Should().Be("Confirmed on Fri 20 Nov 2026 14:05 GMT (SMS reply) for plan version 2.");

    [Fact]
    public void A_confirmation_carried_into_a_revision_says_the_numbers_are_the_same()
    {
        RegisterWording.ContactsConfirmed(Carer(3, new ContactsConfirmationShown(2, "phoned", Phoned), Phoned))
            .Should().EndWith("for plan version 2; version 3 has the same numbers.");
    }

    [Fact]
    public void A_confirmation_lapsed_by_a_changed_number_asks_for_another()
    {
        RegisterWording.ContactsConfirmed(Carer(3, new ContactsConfirmationShown(2, "in-person", Phoned)))
            .Should().StartWith("Not confirmed for version 3: a number changed since").And.Contain("(in person) for plan version 2");
    }

    [Fact]
    public void Consent_says_the_answer_and_when_it_was_last_given() =>
        RegisterWording.ConsentRecorded(Carer(1, consent: false)).Should().Be("No, the carer did not agree, last said on Mon 1 Jun 2026 10:00 BST");
}
