using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class RankingTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 9, 30);
    private static readonly ActivationNeeds Needs = new([Skills.PersonalCare, Skills.MedicationAdministration], 52.205, 0.119, Now, Now + Duration.FromHours(4));

    private static StaffMember Worker(string name, double lat, double lon, string[]? skills = null, LocalDate? medsTraining = null, LocalDate? dbs = null) =>
        new(Guid.NewGuid(), name, "+447700900123", StaffRoles.CareWorker, skills ?? [Skills.PersonalCare, Skills.MedicationAdministration],
            [new Training(Skills.MedicationAdministration, medsTraining ?? new LocalDate(2027, 6, 1))], dbs ?? new LocalDate(2028, 1, 1), ["en"],
            new Location(lat, lon), true, Now);

    private static CandidateFacts Facts(StaffMember w, bool onDuty = true, Guid? committed = null, double hours = 0) => new(w, onDuty, committed, hours, null);

    [Fact]
    public void Nearest_worker_ranks_first_and_says_why()
    {
        var near = Worker("Asha", 52.210, 0.120);
        var far = Worker("Ben", 52.573, -0.241);

        var ranking = WorkerRanking.Rank(Needs, [Facts(far), Facts(near)]);

        ranking.Ranked.Select(r => r.Name).Should().Equal("Asha", "Ben");
        ranking.Ranked[0].DistanceKm.Should().BeLessThan(1);
        ranking.Ranked[1].DistanceKm.Should().BeInRange(45, 50);
        ranking.Ranked[1].Reasons.Should().Contain(r => r.Contains("ranked after Asha, who is nearer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_worker_beyond_the_areas_travel_limit_is_not_asked_and_both_the_distance_and_the_limit_are_shown()
    {
        var cambridge = Worker("Asha", 52.210, 0.120);
        var birmingham = Worker("Ben", 52.486, -1.890);
        var limits = new TravelLimitsInForce(
            new Dictionary<string, AreaTravelLimit> { ["CB"] = new(AreaTravelLimit.IdOf("CB"), "CB", 25, "Coordinator C", "rural villages", Now) }, 60);

        var ranking = WorkerRanking.Rank(Needs with { Limit = limits.For("CB1 Cambridge") }, [Facts(birmingham), Facts(cambridge)]);

        ranking.Ranked.Select(r => r.Name).Should().Equal("Asha");
        ranking.Ranked[0].Reasons.Should().Contain("within the 25 km travel limit for CB");
        ranking.Excluded.Single().Reasons.Should().Equal("140.0 km from base, beyond the 25 km travel limit for CB");
    }

    [Fact]
    public void An_area_without_a_limit_of_its_own_has_the_default()
    {
        var limits = new TravelLimitsInForce(new Dictionary<string, AreaTravelLimit>(), 60);

        limits.For("LS6 Leeds").Should().Be(new TravelLimit(60, "LS", AreasOwn: false));
        limits.For(null).Should().Be(new TravelLimit(60, null, AreasOwn: false));
    }

    [Fact]
    public void At_equal_distance_the_one_who_worked_least_this_week_ranks_first()
    {
        var busy = Worker("Asha", 52.210, 0.120);
        var rested = Worker("Ben", 52.210, 0.120);

        var ranking = WorkerRanking.Rank(Needs, [Facts(busy, hours: 30), Facts(rested, hours: 4)]);

        ranking.Ranked.Select(r => r.Name).Should().Equal("Ben", "Asha");
        ranking.Ranked[0].Reasons.Should().Contain("4 h worked this week");
    }

    [Fact]
    public void Workers_missing_a_skill_training_DBS_duty_or_already_committed_are_excluded_with_reasons()
    {
        var noSkill = Worker("NoSkill", 52.2, 0.1, skills: [Skills.PersonalCare]);
        var oldTraining = Worker("OldTraining", 52.2, 0.1, medsTraining: new LocalDate(2026, 11, 1));
        var oldDbs = Worker("OldDbs", 52.2, 0.1, dbs: new LocalDate(2026, 11, 24));
        var offDuty = Worker("OffDuty", 52.2, 0.1);
        var committed = Worker("Committed", 52.2, 0.1);
        var other = Guid.NewGuid();

        var ranking = WorkerRanking.Rank(Needs, [Facts(noSkill), Facts(oldTraining), Facts(oldDbs), Facts(offDuty, onDuty: false), Facts(committed, committed: other)]);

        ranking.Ranked.Should().BeEmpty();
        ranking.Excluded.Should().HaveCount(5);
        ranking.Excluded.Single(e => e.Name == "NoSkill").Reasons.Should().Contain("lacks medication-administration");
        ranking.Excluded.Single(e => e.Name == "OldTraining").Reasons.Should().Contain("medication-administration training out of date");
        ranking.Excluded.Single(e => e.Name == "OldDbs").Reasons.Should().Contain("DBS check expired 2026-11-24");
        ranking.Excluded.Single(e => e.Name == "OffDuty").Reasons.Should().Contain("not on shift or on call when the first visit starts");
        ranking.Excluded.Single(e => e.Name == "Committed").Reasons.Should().Contain($"committed to activation {other}");
    }

    [Fact]
    public void A_worker_awaiting_a_reply_on_another_activation_is_not_asked_meanwhile()
    {
        var asked = Worker("Asha", 52.210, 0.120);
        var free = Worker("Ben", 52.573, -0.241);
        var elsewhere = Guid.NewGuid();

        var ranking = WorkerRanking.Rank(Needs, [Facts(asked) with { OpenOfferOn = elsewhere }, Facts(free)]);

        ranking.Ranked.Select(r => r.Name).Should().Equal("Ben");
        ranking.Excluded.Single().Reasons.Should().Equal($"awaiting their reply to an offer for activation {elsewhere}");
    }

    [Fact]
    public void A_deactivated_worker_is_never_ranked_and_the_reason_is_shown()
    {
        var gone = Worker("Asha", 52.210, 0.120).Apply(new StaffDeactivated(Guid.NewGuid(), "Admin A. Khan", "suspended pending investigation", Now));

        var ranking = WorkerRanking.Rank(Needs, [Facts(gone)]);

        ranking.Ranked.Should().BeEmpty();
        ranking.Excluded.Single().Reasons.Should().Contain("inactive: suspended pending investigation");
    }

    // 12-hour shifts hand over at 08:00 and 20:00; an activation at 19:30 has a first visit until 23:30.
    private static readonly Instant HalfPastSeven = Instant.FromUtc(2026, 11, 25, 19, 30);
    private static readonly ActivationNeeds EveningVisit = Needs with { VisitFrom = HalfPastSeven, VisitTo = HalfPastSeven + Duration.FromHours(4) };

    private static Rotation Shift(string name, LocalTime from, LocalTime to, params Guid[] people) =>
        new(Guid.NewGuid(), name, StaffRoles.CareWorker, RotationKinds.Shift, people, new LocalDateTime(2026, 11, 2, from.Hour, 0), 1, null, from, to, 10,
            Instant.FromUtc(2026, 11, 1, 0, 0), []);

    private static CandidateFacts FactsFromRota(StaffMember w, IReadOnlyList<Rotation> rota, ActivationNeeds visit) => new(
        w,
        DutyWindow.Between(rota, [], visit.VisitFrom, visit.VisitTo).IsOnThroughout(w.Id),
        null,
        0,
        null,
        OnDutyUntil: DutyWindow.Between(rota, [], visit.VisitFrom, visit.VisitTo).OnDutyUntil(w.Id));

    [Fact]
    public void Given_12_hour_shifts_When_cover_is_needed_at_1930_Then_the_day_worker_is_on_duty_until_2000_and_the_night_worker_not_yet()
    {
        var day = Worker("Dee Day", 52.210, 0.120);
        var night = Worker("Nik Night", 52.210, 0.120);
        var rota = new[] { Shift("Days", new LocalTime(8, 0), new LocalTime(20, 0), day.Id), Shift("Nights", new LocalTime(20, 0), new LocalTime(8, 0), night.Id) };

        DutyWindow.Between(rota, [], EveningVisit.VisitFrom, EveningVisit.VisitTo).OnDutyUntil(day.Id).Should().Be(Instant.FromUtc(2026, 11, 25, 20, 0));
        DutyWindow.Between(rota, [], EveningVisit.VisitFrom, EveningVisit.VisitTo).OnDutyUntil(night.Id).Should().BeNull("the night shift starts at 20:00");
        DutyWindow.Between(rota, [], Instant.FromUtc(2026, 11, 25, 20, 0), Instant.FromUtc(2026, 11, 26, 0, 0)).OnDutyUntil(night.Id)
            .Should().Be(Instant.FromUtc(2026, 11, 26, 0, 0), "on throughout gives the end of the visit");
    }

    [Fact]
    public void Given_nobody_on_duty_for_the_whole_first_visit_When_ranking_at_a_shift_change_Then_the_outgoing_shift_is_ranked_with_a_handover_reason()
    {
        var day = Worker("Dee Day", 52.210, 0.120);
        var night = Worker("Nik Night", 52.210, 0.120);
        var rota = new[] { Shift("Days", new LocalTime(8, 0), new LocalTime(20, 0), day.Id), Shift("Nights", new LocalTime(20, 0), new LocalTime(8, 0), night.Id) };

        var ranking = WorkerRanking.Rank(EveningVisit, [FactsFromRota(day, rota, EveningVisit), FactsFromRota(night, rota, EveningVisit)]);

        var only = ranking.Ranked.Should().ContainSingle().Subject;
        only.Name.Should().Be("Dee Day");
        only.Reasons.Should().Contain("on duty until 20:00; handover needed");
        only.OnDutyUntil.Should().Be(Instant.FromUtc(2026, 11, 25, 20, 0));
        ranking.Excluded.Single().Reasons.Should().Contain("not on shift or on call when the first visit starts");
    }

    [Fact]
    public void Workers_on_duty_for_the_whole_first_visit_rank_before_nearer_ones_whose_duty_ends_during_it()
    {
        var nearDay = Worker("Dee Day", 52.210, 0.120);
        var farOnCall = Worker("Omar On-call", 52.573, -0.241);
        var rota = new[]
        {
            Shift("Days", new LocalTime(8, 0), new LocalTime(20, 0), nearDay.Id),
            new Rotation(Guid.NewGuid(), "On call", StaffRoles.CareWorker, RotationKinds.OnCall, [farOnCall.Id], new LocalDateTime(2026, 11, 2, 9, 0), 7, null, null, null, 10,
                Instant.FromUtc(2026, 11, 1, 0, 0), []),
        };

        var ranking = WorkerRanking.Rank(EveningVisit, [FactsFromRota(nearDay, rota, EveningVisit), FactsFromRota(farOnCall, rota, EveningVisit)]);

        ranking.Ranked.Select(r => r.Name).Should().Equal("Omar On-call", "Dee Day");
        ranking.Ranked[0].Reasons.Should().Contain("on duty for the whole first visit");
        ranking.Ranked[0].OnDutyUntil.Should().BeNull();
        ranking.Ranked[1].Reasons.Should().Contain("on duty until 20:00; handover needed")
            .And.Contain("ranked after Omar On-call, who is on duty for the whole first visit");
    }

    [Fact]
    public void Great_circle_Cambridge_to_Peterborough_is_about_48_km() =>
        GreatCircle.Kilometres(52.205, 0.119, 52.573, -0.241).Should().BeApproximately(47.9, 1);
}
