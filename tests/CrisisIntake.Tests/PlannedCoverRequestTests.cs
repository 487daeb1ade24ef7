using Cers.Dispatch.CrisisIntake.PlannedCover;
using Cers.Dispatch.ServiceDefaults.Validation;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class PlannedCoverRequestTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 9, 0);

    private static BookPlannedCoverRequest Booking(Duration startsIn, Duration lasting) => new(
        "4921-7730-5518", new AppointmentRequest("Hospital", "Addenbrooke's, outpatients"),
        Iso(Now + startsIn), Iso(Now + startsIn + lasting), new BookedByRequest("Margaret Hale", "carer"));

    [Fact]
    public void A_booking_in_the_future_of_up_to_48_hours_is_accepted() =>
        new BookPlannedCoverValidator(Now).Validate(Booking(Duration.FromHours(1), Duration.FromHours(48))).IsValid.Should().BeTrue();

    [Fact]
    public void Cover_starting_in_the_past_ending_before_it_starts_or_lasting_over_48_hours_is_refused()
    {
        Fields(Booking(Duration.FromHours(-1), Duration.FromHours(3))).Keys.Should().Equal("startsAt");
        Fields(Booking(Duration.FromHours(2), Duration.FromHours(-1)))["endsAt"].Should().Equal("When cover ends: an ISO-8601 instant after it starts.");
        Fields(Booking(Duration.FromHours(1), Duration.FromHours(49)))["endsAt"].Should().Equal("Planned cover lasts at most 48 hours.");
    }

    [Fact]
    public void A_start_an_offset_takes_past_the_last_instant_is_refused_not_thrown() =>
        Fields(Booking(Duration.FromHours(1), Duration.FromHours(2)) with { StartsAt = "9999-12-31T23:59:59-01:00" }).Keys.Should().Contain("startsAt");

    [Fact]
    public void A_booking_without_appointment_or_booker_names_each_missing_field() =>
        Fields(Booking(Duration.FromHours(1), Duration.FromHours(2)) with { Appointment = null, BookedBy = null }).Keys
            .Should().BeEquivalentTo("appointment.kind", "appointment.place", "bookedBy.name", "bookedBy.role");

    [Fact]
    public void A_move_is_held_to_the_same_window()
    {
        var move = new MovePlannedCoverRequest(Iso(Now + Duration.FromHours(1)), Iso(Now + Duration.FromHours(50)), " ");

        new MovePlannedCoverValidator(Now).Validate(move).Fields().Keys.Should().BeEquivalentTo("endsAt", "movedBy");
    }

    private static Dictionary<string, string[]> Fields(BookPlannedCoverRequest request) => new BookPlannedCoverValidator(Now).Validate(request).Fields();

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
