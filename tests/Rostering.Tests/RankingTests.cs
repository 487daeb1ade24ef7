using Cers.Dispatch.Rostering.Matching;
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
        ranking.Excluded.Single(e => e.Name == "OffDuty").Reasons.Should().Contain("not on shift or on call for the whole first visit");
        ranking.Excluded.Single(e => e.Name == "Committed").Reasons.Should().Contain($"committed to activation {other}");
    }

    [Fact]
    public void Great_circle_Cambridge_to_Peterborough_is_about_48_km() =>
        GreatCircle.Kilometres(52.205, 0.119, 52.573, -0.241).Should().BeApproximately(47.9, 1);
}
