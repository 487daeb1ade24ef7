using Cers.Dispatch.Rostering.Rotas.Creating;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class RotationValidationTests
{
    [Theory]
    [InlineData("20:00", "08:00")]
    [InlineData("20:00:00", "08:00:00")]
    public void A_night_window_is_given_as_wall_times_with_or_without_seconds(string from, string to)
    {
        var nik = StaffMember.Create(new StaffRegistered(Guid.NewGuid(), "Nik Night", "+447700900321", StaffRoles.CareWorker, [], [], new LocalDate(2028, 1, 1), ["en"],
            new Location(52.2, 0.12), true, "Admin", Instant.FromUtc(2026, 11, 1, 0, 0)));
        var request = new CreateRotationRequest("Nights", "care-worker", "shift", [nik.Id], "2026-11-02T20:00:00", 1, null, from, to, 10, "Admin");

        var (created, errors) = CreateRotationSlice.Validate(request, new Dictionary<Guid, StaffMember> { [nik.Id] = nik }, Guid.NewGuid(), Instant.FromUtc(2026, 11, 1, 0, 0));

        errors.Should().BeEmpty();
        (created!.WindowFrom, created.WindowTo).Should().Be((new LocalTime(20, 0), new LocalTime(8, 0)));
    }
}
