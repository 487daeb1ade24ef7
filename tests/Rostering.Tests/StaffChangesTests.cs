using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.Rostering.Staff.ChangingPhone;
using Cers.Dispatch.Rostering.Staff.Deactivating;
using Cers.Dispatch.Rostering.Staff.Renewing;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class StaffChangesTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 9, 30);
    private static readonly Instant T1 = T0 + Duration.FromHours(1);

    private static readonly StaffMember Asha = StaffMember.Create(new StaffRegistered(
        Guid.NewGuid(), "Asha Patel", "+447700900123", StaffRoles.CareWorker, [Skills.MedicationAdministration],
        [new Training(Skills.MedicationAdministration, new LocalDate(2026, 12, 10))], new LocalDate(2026, 12, 1), ["en"], new Location(52.2, 0.12), true,
        "Admin A. Khan", T0));

    [Fact]
    public void Given_an_active_worker_When_deactivated_Then_inactive_with_who_why_and_when()
    {
        var events = DeactivateStaffSlice.Decide(Asha, "left the service", "Admin A. Khan", T1);

        var e = events.Should().ContainSingle().Which.Should().BeOfType<StaffDeactivated>().Subject;
        var after = Asha.Apply(e);
        after.Active.Should().BeFalse();
        after.Deactivation.Should().Be(new Deactivation("left the service", "Admin A. Khan", T1));
    }

    [Fact]
    public void Deactivating_twice_changes_nothing_and_reactivating_clears_the_reason()
    {
        var off = Asha.Apply(new StaffDeactivated(Asha.Id, "Admin A. Khan", "long leave", T0));

        DeactivateStaffSlice.Decide(off, "another reason", "Admin B", T1).Should().BeEmpty();
        var back = off.Apply(ReactivateStaffSlice.Decide(off, "Admin A. Khan", T1).Cast<StaffReactivated>().Single());
        back.Active.Should().BeTrue();
        back.Deactivation.Should().BeNull();
        ReactivateStaffSlice.Decide(back, "Admin A. Khan", T1).Should().BeEmpty();
    }

    [Fact]
    public void A_renewed_DBS_check_and_training_replace_the_old_dates_and_the_same_date_again_changes_nothing()
    {
        var dbs = RecordDbsCheckSlice.Decide(Asha, new LocalDate(2029, 12, 1), "Admin A. Khan", T1).Cast<DbsCheckRecorded>().Single();
        var training = RecordTrainingSlice.Decide(Asha, Skills.MedicationAdministration, new LocalDate(2027, 12, 10), "Admin A. Khan", T1).Cast<TrainingRecorded>().Single();

        var renewed = Asha.Apply(dbs).Apply(training);

        renewed.DbsCheckExpiresOn.Should().Be(new LocalDate(2029, 12, 1));
        renewed.Training.Should().Equal(new Training(Skills.MedicationAdministration, new LocalDate(2027, 12, 10)));
        RecordDbsCheckSlice.Decide(renewed, new LocalDate(2029, 12, 1), "Admin", T1).Should().BeEmpty();
        RecordTrainingSlice.Decide(renewed, Skills.MedicationAdministration, new LocalDate(2027, 12, 10), "Admin", T1).Should().BeEmpty();
    }

    [Fact]
    public void A_new_phone_number_is_recorded_with_the_old_one()
    {
        var changed = ChangePhoneSlice.Decide(Asha, "+447700900456", "Admin A. Khan", T1).Cast<StaffPhoneChanged>().Single();

        changed.OldPhone.Should().Be("+447700900123");
        Asha.Apply(changed).Phone.Should().Be("+447700900456");
        ChangePhoneSlice.Decide(Asha, Asha.Phone, "Admin", T1).Should().BeEmpty();
    }
}
