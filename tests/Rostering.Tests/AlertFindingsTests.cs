using Cers.Dispatch.Rostering.Alerts;
using Cers.Dispatch.Rostering.Alerts.Finding;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class AlertFindingsTests
{
    // Wednesday 25 November 2026; "next Tuesday night" is 1 December 20:00 to 2 December 08:00 (GMT).
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 9, 30);
    private static readonly Instant TuesdayNight = Instant.FromUtc(2026, 12, 1, 20, 0);
    private static readonly Instant WednesdayMorning = Instant.FromUtc(2026, 12, 2, 8, 0);
    private static readonly AlertOptions Defaults = new();

    private static StaffMember Person(string name, string role = StaffRoles.Coordinator, LocalDate? dbs = null, string[]? skills = null, Training[]? training = null) =>
        StaffMember.Create(new StaffRegistered(Guid.NewGuid(), name, "+447700900" + Random.Shared.Next(100, 999), role, skills ?? [], training ?? [], dbs,
            ["en"], new Location(52.2, 0.12), true, "Admin", Now));

    private static Rotation OnCall(string name, StaffMember person, LocalTime? from = null, LocalTime? to = null) =>
        new(Guid.NewGuid(), name, person.Role, RotationKinds.OnCall, [person.Id], new LocalDateTime(2026, 11, 2, 9, 0), 7, null, from, to, 1, Now - Duration.FromDays(30), []);

    private static Rotation WithOverride(Rotation rotation, Instant from, Instant to, Guid? coveredBy, string reason = "sickness") =>
        rotation.Apply(new RotaOverrideAdded(rotation.Id, Guid.NewGuid(), from, to, coveredBy, null, reason, "Admin", Now + Duration.FromTicks(rotation.Overrides.Count + 1)));

    private static RotaBoard Board(IEnumerable<Rotation> rotations, params StaffMember[] staff) => new(rotations.ToList(), staff.ToDictionary(s => s.Id));

    private static IReadOnlyList<AlertFinding> Find(RotaBoard board, IReadOnlyDictionary<Guid, SmsOutcome>? sms = null) =>
        AlertFindings.Find(board, sms ?? new Dictionary<Guid, SmsOutcome>(), Now, Defaults);

    [Fact]
    public void Given_sickness_with_no_cover_next_Tuesday_night_Then_one_rota_gap_for_exactly_that_night()
    {
        var cara = Person("Cara Coordinator");
        var rota = WithOverride(OnCall("Coordinators on call", cara), TuesdayNight, WednesdayMorning, coveredBy: null);

        var gap = Find(Board([rota], cara)).Should().ContainSingle().Subject;

        AlertFindings.Find(Board([rota], cara), new Dictionary<Guid, SmsOutcome>(), Now + Duration.FromHours(24), Defaults).Single().Key
            .Should().Be(gap.Key, "tomorrow's check finds the same gap");
        gap.Kind.Should().Be(AlertKinds.RotaGap);
        (gap.GapFrom, gap.GapTo).Should().Be((TuesdayNight, WednesdayMorning));
        gap.Summary.Should().Be(
            "Rota gap: nobody on call in Coordinators on call (coordinator) from Tue 1 Dec 2026 20:00 GMT to Wed 2 Dec 2026 08:00 GMT (sickness with no cover).");
    }

    [Fact]
    public void Given_part_of_the_gap_covered_Then_only_the_uncovered_parts_are_gaps_each_a_new_alert()
    {
        var cara = Person("Cara Coordinator");
        var dan = Person("Dan Coordinator");
        var gapOnly = WithOverride(OnCall("Coordinators on call", cara), TuesdayNight, WednesdayMorning, coveredBy: null);
        var partlyCovered = WithOverride(gapOnly, TuesdayNight + Duration.FromHours(2), TuesdayNight + Duration.FromHours(6), dan.Id, "swap");

        var before = Find(Board([gapOnly], cara, dan)).Single();
        var after = Find(Board([partlyCovered], cara, dan));

        after.Select(g => (g.GapFrom, g.GapTo)).Should().Equal(
            (TuesdayNight, TuesdayNight + Duration.FromHours(2)), (TuesdayNight + Duration.FromHours(6), WednesdayMorning));
        after.Select(g => g.Key).Should().NotContain(before.Key, "the gap is shorter now: the duty manager is told its new shape");
        var old = Alert.Create(new AlertRaised(before.AlertId, before.Kind, before.Key, before.Summary, null, before.RotationId, before.GapFrom, before.GapTo, null, Now));
        AlertFindings.WhyResolved(old, after, Board([partlyCovered], cara, dan), new Dictionary<Guid, SmsOutcome>(), Now)
            .Should().Be("the gap changed: now from Tue 1 Dec 2026 20:00 GMT to Tue 1 Dec 2026 22:00 GMT (a new alert)");
    }

    [Fact]
    public void Gaps_beyond_the_days_ahead_and_hours_outside_a_rotations_window_are_not_alerted()
    {
        var cara = Person("Cara Coordinator");
        var nights = OnCall("Night on call", cara, new LocalTime(20, 0), new LocalTime(8, 0));
        var farOff = WithOverride(OnCall("Coordinators on call", cara), Now + Duration.FromDays(8), Now + Duration.FromDays(9), coveredBy: null);

        Find(Board([nights, farOff], cara)).Should().BeEmpty();
    }

    [Fact]
    public void A_rota_whose_person_on_turn_is_inactive_has_a_gap_saying_so()
    {
        var dan = Person("Dan Coordinator");
        var cara = Person("Cara Coordinator").Apply(new StaffDeactivated(Guid.NewGuid(), "Admin", "long leave", Now));
        var rota = OnCall("Coordinators on call", dan) with { Participants = [dan.Id, cara.Id] };

        var gap = Find(Board([rota], dan, cara)).Should().ContainSingle().Subject;

        gap.Summary.Should().EndWith("to Mon 30 Nov 2026 09:00 GMT (Cara Coordinator is inactive).");
        gap.GapFrom.Should().Be(Instant.FromUtc(2026, 11, 23, 9, 0), "the gap began at the start of her turn, so its key is the same every day");
    }

    [Fact]
    public void DBS_checks_and_required_training_expiring_within_30_days_or_expired_are_found_and_later_ones_are_not()
    {
        var soon = Person("Asha Soon", StaffRoles.CareWorker, new LocalDate(2026, 12, 10), [Skills.MedicationAdministration, Skills.MovingAndHandling],
            [new Training(Skills.MedicationAdministration, new LocalDate(2026, 11, 20))]);
        var fine = Person("Ben Fine", StaffRoles.CareWorker, new LocalDate(2027, 12, 10), [Skills.MedicationAdministration],
            [new Training(Skills.MedicationAdministration, new LocalDate(2027, 11, 20))]);
        var gone = Person("Gina Gone", StaffRoles.CareWorker, new LocalDate(2026, 11, 1)).Apply(new StaffDeactivated(Guid.NewGuid(), "Admin", "left", Now));

        var findings = Find(Board([], soon, fine, gone));

        findings.Select(f => f.Summary).Should().BeEquivalentTo(
            "Asha Soon's DBS check expires on Thu 10 Dec 2026, in 15 days.",
            "Asha Soon's medication administration training expired on Fri 20 Nov 2026.",
            "Asha Soon has no moving and handling training recorded.");
        findings.Should().OnlyContain(f => f.StaffId == soon.Id);
    }

    [Fact]
    public void A_rota_member_whose_last_SMS_failed_has_no_working_phone_until_a_later_one_arrives_or_the_number_changes()
    {
        var cara = Person("Cara Coordinator");
        var rota = OnCall("Coordinators on call", cara);
        var failed = new SmsOutcome(cara.Id, cara.Phone, "undelivered", Now - Duration.FromDays(2));

        var finding = Find(Board([rota], cara), new Dictionary<Guid, SmsOutcome> { [cara.Id] = failed }).Should().ContainSingle().Subject;
        finding.Kind.Should().Be(AlertKinds.NoWorkingPhone);
        finding.Summary.Should().Contain($"the last SMS to {cara.Phone}").And.Contain("was undelivered");

        Find(Board([rota], cara), new Dictionary<Guid, SmsOutcome> { [cara.Id] = failed with { Status = "received", At = Now } }).Should().BeEmpty();
        Find(Board([rota], cara), new Dictionary<Guid, SmsOutcome> { [cara.Id] = failed with { Phone = "+447700900001" } })
            .Should().BeEmpty("the failure was to a number she no longer has");
        var notOnRota = Person("Nadia Not On A Rota");
        Find(Board([rota], cara, notOnRota), new Dictionary<Guid, SmsOutcome> { [notOnRota.Id] = failed with { StaffId = notOnRota.Id, Phone = notOnRota.Phone } })
            .Should().BeEmpty();
    }
}
