using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class RotaResolutionTests
{
    private static readonly Guid Asha = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly Guid Cara = Guid.NewGuid();

    private static Rotation Weekly(LocalDateTime start, params Guid[] people) =>
        new(Guid.NewGuid(), "Coordinator on call", "coordinator", RotationKinds.OnCall, people, start, 7, null, null, null, 1, Instant.FromUtc(2026, 1, 1, 0, 0), []);

    private static Rotation Daily(LocalDateTime start, LocalTime from, LocalTime to, params Guid[] people) =>
        new(Guid.NewGuid(), "Shift", "care-worker", RotationKinds.Shift, people, start, 1, null, from, to, 10, Instant.FromUtc(2026, 1, 1, 0, 0), []);

    private static Guid? On(Rotation rotation, Instant at, params RotaOverride[] overrides) =>
        RotaResolution.WhoIsOn([rotation], overrides, at).SingleOrDefault()?.StaffId;

    [Fact]
    public void Given_weekly_Monday_0900_handoff_When_clocks_go_forward_on_29_March_2026_Then_handoff_stays_at_0900_BST()
    {
        var rotation = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha, Ben);

        On(rotation, Instant.FromUtc(2026, 3, 30, 7, 59)).Should().Be(Asha, "08:59 BST is still Asha's week");
        On(rotation, Instant.FromUtc(2026, 3, 30, 8, 0)).Should().Be(Ben, "09:00 BST is 08:00 UTC");
    }

    [Fact]
    public void Given_weekly_Monday_0900_handoff_When_clocks_go_back_on_25_October_2026_Then_handoff_stays_at_0900_GMT()
    {
        var rotation = Weekly(new LocalDateTime(2026, 10, 19, 9, 0), Asha, Ben);

        On(rotation, Instant.FromUtc(2026, 10, 26, 8, 59)).Should().Be(Asha, "08:59 GMT is still Asha's week");
        On(rotation, Instant.FromUtc(2026, 10, 26, 9, 0)).Should().Be(Ben);
        On(rotation, Instant.FromUtc(2026, 11, 2, 9, 0)).Should().Be(Asha, "the rotation comes round again");
    }

    [Fact]
    public void Given_night_shift_20_to_08_When_the_night_loses_an_hour_in_March_Then_it_still_ends_at_0800_local()
    {
        var night = Daily(new LocalDateTime(2026, 3, 27, 20, 0), new LocalTime(20, 0), new LocalTime(8, 0), Asha, Ben);

        On(night, Instant.FromUtc(2026, 3, 28, 20, 0)).Should().Be(Ben, "Saturday night is Ben's");
        On(night, Instant.FromUtc(2026, 3, 29, 6, 59)).Should().Be(Ben, "07:59 BST on Sunday is still the night shift");
        On(night, Instant.FromUtc(2026, 3, 29, 7, 0)).Should().BeNull("08:00 BST ends the night shift after 11 hours");
        On(night, Instant.FromUtc(2026, 3, 29, 19, 0)).Should().Be(Asha, "20:00 BST on Sunday starts the next night");
    }

    [Fact]
    public void Given_night_shift_When_the_night_gains_an_hour_in_October_Then_it_lasts_13_hours()
    {
        var night = Daily(new LocalDateTime(2026, 10, 24, 20, 0), new LocalTime(20, 0), new LocalTime(8, 0), Asha);

        On(night, Instant.FromUtc(2026, 10, 24, 19, 0)).Should().Be(Asha, "20:00 BST");
        On(night, Instant.FromUtc(2026, 10, 25, 7, 59)).Should().Be(Asha, "07:59 GMT");
        On(night, Instant.FromUtc(2026, 10, 25, 8, 0)).Should().BeNull("08:00 GMT");
        DutyWindow.Between([night], [], Instant.FromUtc(2026, 10, 24, 19, 0), Instant.FromUtc(2026, 10, 25, 8, 0)).IsOnThroughout(Asha)
            .Should().BeTrue("13 elapsed hours on the night the clocks go back");
    }

    [Fact]
    public void Given_12_hour_turns_When_clocks_go_forward_Then_turns_are_elapsed_hours()
    {
        var rotation = new Rotation(Guid.NewGuid(), "12h", "care-worker", RotationKinds.OnCall, [Asha, Ben], new LocalDateTime(2026, 3, 28, 20, 0), null, 12, null, null, 1, Instant.FromUtc(2026, 1, 1, 0, 0), []);

        On(rotation, Instant.FromUtc(2026, 3, 29, 7, 59)).Should().Be(Asha);
        On(rotation, Instant.FromUtc(2026, 3, 29, 8, 0)).Should().Be(Ben, "12 elapsed hours after 20:00 GMT is 09:00 BST");
    }

    [Fact]
    public void Given_an_override_When_it_is_in_force_Then_it_wins_and_afterwards_the_rota_resumes()
    {
        var rotation = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha, Ben);
        var sickness = new RotaOverride(rotation.Id, Guid.NewGuid(), Instant.FromUtc(2026, 3, 24, 0, 0), Instant.FromUtc(2026, 3, 25, 0, 0), Cara, null, "sickness", Instant.FromUtc(2026, 3, 23, 12, 0));

        On(rotation, Instant.FromUtc(2026, 3, 24, 12, 0), sickness).Should().Be(Cara);
        On(rotation, Instant.FromUtc(2026, 3, 25, 0, 0), sickness).Should().Be(Asha, "the override ends at its To instant");
        RotaResolution.WhoIsOn([rotation], [sickness], Instant.FromUtc(2026, 3, 24, 12, 0)).Single().OverrideId.Should().Be(sickness.OverrideId);
    }

    [Fact]
    public void Given_overlapping_overrides_Then_the_latest_added_wins()
    {
        var rotation = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha, Ben);
        var first = new RotaOverride(rotation.Id, Guid.NewGuid(), Instant.FromUtc(2026, 3, 24, 0, 0), Instant.FromUtc(2026, 3, 26, 0, 0), Ben, null, "swap", Instant.FromUtc(2026, 3, 23, 12, 0));
        var later = first with { OverrideId = Guid.NewGuid(), CoveredBy = Cara, AddedAt = Instant.FromUtc(2026, 3, 23, 13, 0) };

        On(rotation, Instant.FromUtc(2026, 3, 25, 0, 0), later, first).Should().Be(Cara);
    }

    [Fact]
    public void Given_holiday_with_nobody_covering_Then_there_is_a_gap()
    {
        var rotation = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha, Ben);
        var holiday = new RotaOverride(rotation.Id, Guid.NewGuid(), Instant.FromUtc(2026, 3, 24, 0, 0), Instant.FromUtc(2026, 3, 26, 0, 0), null, Asha, "holiday", Instant.FromUtc(2026, 3, 23, 12, 0));

        On(rotation, Instant.FromUtc(2026, 3, 25, 0, 0), holiday).Should().BeNull();
    }

    [Fact]
    public void Given_override_replacing_one_person_Then_it_does_not_touch_the_other_persons_turn()
    {
        var rotation = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha, Ben);
        var replaceBen = new RotaOverride(rotation.Id, Guid.NewGuid(), Instant.FromUtc(2026, 3, 23, 0, 0), Instant.FromUtc(2026, 4, 6, 0, 0), Cara, Ben, "swap", Instant.FromUtc(2026, 3, 20, 12, 0));

        On(rotation, Instant.FromUtc(2026, 3, 25, 0, 0), replaceBen).Should().Be(Asha);
        On(rotation, Instant.FromUtc(2026, 4, 1, 0, 0), replaceBen).Should().Be(Cara);
    }

    [Fact]
    public void Given_a_rotation_not_started_yet_Then_nobody_is_on()
    {
        var rotation = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha);

        On(rotation, Instant.FromUtc(2026, 3, 23, 8, 59)).Should().BeNull();
    }

    [Fact]
    public void Given_a_day_shift_When_the_visit_runs_past_its_end_Then_not_on_throughout()
    {
        var day = Daily(new LocalDateTime(2026, 3, 23, 8, 0), new LocalTime(8, 0), new LocalTime(20, 0), Asha);

        DutyWindow.Between([day], [], Instant.FromUtc(2026, 3, 24, 9, 0), Instant.FromUtc(2026, 3, 24, 13, 0)).IsOnThroughout(Asha).Should().BeTrue();
        DutyWindow.Between([day], [], Instant.FromUtc(2026, 3, 24, 17, 0), Instant.FromUtc(2026, 3, 24, 21, 0)).IsOnThroughout(Asha).Should().BeFalse();
    }

    [Fact]
    public void Given_coordinators_in_two_rotations_Then_they_come_in_priority_order()
    {
        var secondary = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Ben) with { Priority = 2 };
        var primary = Weekly(new LocalDateTime(2026, 3, 23, 9, 0), Asha) with { Priority = 1 };

        RotaResolution.WhoIsOn([secondary, primary], [], Instant.FromUtc(2026, 3, 24, 0, 0)).Select(d => d.StaffId).Should().Equal(Asha, Ben);
    }
}
