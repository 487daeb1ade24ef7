using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Creating;
using Cers.Dispatch.Rostering.Rotas.Overriding;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class RotationValidationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 1, 0, 0);

    [Theory]
    [InlineData("20:00", "08:00")]
    [InlineData("20:00:00", "08:00:00")]
    public void A_night_window_is_given_as_wall_times_with_or_without_seconds(string from, string to)
    {
        var nik = Member("Nik Night", StaffRoles.CareWorker);
        var request = new CreateRotationRequest("Nights", "care-worker", "shift", [nik.Id], "2026-11-02T20:00:00", 1, null, from, to, 10, "Admin");

        var (created, errors) = CreateRotationSlice.Validate(request, new Dictionary<Guid, StaffMember> { [nik.Id] = nik }, Guid.NewGuid(), Now);

        errors.Should().BeEmpty();
        (created!.WindowFrom, created.WindowTo).Should().Be((new LocalTime(20, 0), new LocalTime(8, 0)));
    }

    [Fact]
    public void A_rotation_with_every_field_wrong_names_every_field()
    {
        var cora = Member("Cora Lee", StaffRoles.Coordinator);
        var request = new CreateRotationRequest(" ", "nurse", "rota", [Guid.NewGuid(), cora.Id], "2026-11-02 9am", 7, 12, "8am", "08:00", 101, null);

        var (created, errors) = CreateRotationSlice.Validate(request, new Dictionary<Guid, StaffMember> { [cora.Id] = cora }, Guid.NewGuid(), Now);

        created.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("name", "role", "kind", "participants[0]", "participants[1]", "startsAt", "turnDays", "windowFrom", "priority", "createdBy");
        errors["participants[0]"].Should().Equal("No such staff member.");
        errors["participants[1]"].Should().Equal("Cora Lee is a coordinator, not a nurse.");
        errors["windowFrom"].Should().Equal("A wall time such as 08:00 or 20:00.", "Give both ends of the daily window, or neither.");
    }

    [Theory]
    [InlineData(null, null, "turnDays", "Give exactly one of turnDays (calendar days, e.g. 7 for weekly) or turnHours (elapsed hours, e.g. 12).")]
    [InlineData(0, null, "turnDays", "Between 1 and 366.")]
    [InlineData(null, 745, "turnHours", "Between 1 and 744.")]
    public void A_turn_is_either_days_or_hours_within_bounds(int? days, int? hours, string field, string message)
    {
        var nik = Member("Nik Night", StaffRoles.CareWorker);
        var request = new CreateRotationRequest("Nights", "care-worker", "shift", [nik.Id], "2026-11-02T20:00:00", days, hours, "20:00", "20:00", 10, "Admin");

        var (_, errors) = CreateRotationSlice.Validate(request, new Dictionary<Guid, StaffMember> { [nik.Id] = nik }, Guid.NewGuid(), Now);

        errors.Keys.Should().BeEquivalentTo(field, "windowTo");
        errors[field].Should().Equal(message);
        errors["windowTo"].Should().Equal("The window must not be empty; leave both out to be on all day.");
    }

    [Fact]
    public void An_override_names_each_wrong_field_read_against_the_rotation_and_the_register()
    {
        var nik = Member("Nik Night", StaffRoles.CareWorker);
        var cora = Member("Cora Lee", StaffRoles.Coordinator);
        var rotation = Rotation.Create(new RotationCreated(Guid.NewGuid(), "Nights", StaffRoles.CareWorker, RotationKinds.Shift, [nik.Id],
            new LocalDateTime(2026, 11, 2, 20, 0), 1, null, null, null, 10, "Admin", Now));
        var request = new AddOverrideRequest("2026-11-03T08:00:00Z", "2026-11-03T07:00:00+00:00", cora.Id, Guid.NewGuid(), "bored", "");

        var (added, errors) = AddOverrideSlice.Validate(request, rotation, new Dictionary<Guid, StaffMember> { [cora.Id] = cora }, Guid.NewGuid(), Now);

        added.Should().BeNull();
        errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["to"] = ["Must be after from."],
            ["coveredBy"] = ["Cora Lee is a coordinator; this rotation needs a care-worker."],
            ["replacing"] = ["Not a participant of this rotation."],
            ["reason"] = ["One of swap, sickness, holiday, training, other."],
            ["addedBy"] = ["Required."],
        });
    }

    [Fact]
    public void A_sound_override_is_read_as_instants_and_a_listed_reason()
    {
        var nik = Member("Nik Night", StaffRoles.CareWorker);
        var rotation = Rotation.Create(new RotationCreated(Guid.NewGuid(), "Nights", StaffRoles.CareWorker, RotationKinds.Shift, [nik.Id],
            new LocalDateTime(2026, 11, 2, 20, 0), 1, null, null, null, 10, "Admin", Now));
        var request = new AddOverrideRequest("2026-11-03T08:00:00Z", "2026-11-03T10:00:00+01:00", null, nik.Id, " Sickness ", " Dee Manager ");

        var (added, errors) = AddOverrideSlice.Validate(request, rotation, new Dictionary<Guid, StaffMember>(), Guid.NewGuid(), Now);

        errors.Should().BeEmpty();
        added.Should().BeEquivalentTo(new
        {
            From = Instant.FromUtc(2026, 11, 3, 8, 0), To = Instant.FromUtc(2026, 11, 3, 9, 0), Reason = "sickness", AddedBy = "Dee Manager",
        });
    }

    private static StaffMember Member(string name, string role) =>
        StaffMember.Create(new StaffRegistered(Guid.NewGuid(), name, "+447700900321", role, [], [], new LocalDate(2028, 1, 1), ["en"],
            new Location(52.2, 0.12), true, "Admin", Now));
}
