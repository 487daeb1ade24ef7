using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Readiness;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CardLookup;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Tests;

/// <summary>Whether a card can be served, and from when not: the rules and the rota's cover, hour by hour.</summary>
public sealed class ReadinessTests
{
    // Wednesday 25 November 2026, 09:30 GMT. Cambridge: 52.2, 0.12.
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 9, 30);
    private static readonly ReadinessOptions Options = new();
    private static readonly TravelLimitsInForce SixtyKm = new(new Dictionary<string, AreaTravelLimit>(), 60);

    private static StaffMember Worker(string name, string[]? skills = null, Training[]? training = null, LocalDate? dbs = null, Location? homeBase = null, bool active = true) =>
        StaffMember.Create(new StaffRegistered(Guid.NewGuid(), name, "+447700900" + Random.Shared.Next(100, 999), StaffRoles.CareWorker, skills ?? [], training ?? [],
            dbs ?? new LocalDate(2028, 1, 1), ["en"], homeBase ?? new Location(52.21, 0.13), active, "Admin", Now));

    /// <summary>A rotation the workers take in turns of <paramref name="turnDays"/> days, between the wall times given (all day when none).</summary>
    private static Rotation Shifts(StaffMember[] workers, LocalTime? from = null, LocalTime? to = null, int turnDays = 1) =>
        new(Guid.NewGuid(), "Care workers", StaffRoles.CareWorker, RotationKinds.Shift, workers.Select(w => w.Id).ToList(), new LocalDateTime(2026, 11, 2, 0, 0),
            turnDays, null, from, to, 1, Now - Duration.FromDays(30), []);

    private static RotaCoverage Coverage(IEnumerable<Rotation> rotations, params StaffMember[] staff) =>
        RotaCoverage.Of(new RotaBoard(rotations.ToList(), staff.ToDictionary(s => s.Id)), SixtyKm, Now, Options.CoverDaysAhead * 2 * 24);

    /// <summary>A carer in Cambridge with a working card, a plan needing <paramref name="skills"/>, and everything confirmed.</summary>
    private static CardReadiness ReadyCard(params string[] skills) =>
        new CardReadiness(Guid.NewGuid(), Now - Duration.FromDays(30))
            .WithCard("4000123412341234", works: true, Now - Duration.FromDays(30))
            .With(new Published.EmergencyPlanChanged(Guid.NewGuid(), 1, skills, "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now - Duration.FromDays(30),
                new LocalDate(2027, 6, 1), KeyAccessOnFile: true, EmergencyContacts: 2, ContactsConfirmedAt: Now - Duration.FromDays(10)))
            .With(new Published.PlanConsentRecorded(Guid.NewGuid(), true, Now - Duration.FromDays(30)));

    private static CardReadiness Assess(CardReadiness card, RotaCoverage coverage, Instant? at = null) => ReadinessRules.Assess(card, coverage, Options, at ?? Now);

    [Fact]
    public void Given_a_confirmed_plan_and_a_qualified_worker_on_every_hour_Then_the_card_is_green_until_it_must_be_checked_again()
    {
        var ann = Worker("Ann");
        var card = Assess(ReadyCard(), Coverage([Shifts([ann])], ann));

        card.Problems.Should().NotContain(p => p.Kind == ReadinessRules.Kinds.NoQualifiedWorker);
        card.IsRed(Now).Should().BeFalse();
        card.AlertOwed.Should().BeFalse();
        (card.NextChangeAt > Now + Duration.FromDays(6)).Should().BeTrue("the fortnight checked keeps the week ahead covered for a week");
    }

    [Fact]
    public void Given_nobody_on_the_rota_between_two_and_six_on_Tuesday_night_Then_the_card_is_red_with_that_gap_and_its_fix()
    {
        var ann = Worker("Ann");
        var bob = Worker("Bob");
        var days = Shifts([ann], new LocalTime(6, 0), new LocalTime(2, 0));
        // Bob covers Ann's gap every night but Tuesday's: a sickness with no cover.
        var nights = Shifts([bob], new LocalTime(2, 0), new LocalTime(6, 0));
        var tuesday2am = Instant.FromUtc(2026, 12, 1, 2, 0);
        nights = nights.Apply(new RotaOverrideAdded(nights.Id, Guid.NewGuid(), tuesday2am, tuesday2am + Duration.FromHours(4), null, null, "sickness", "Admin", Now));

        var card = Assess(ReadyCard(), Coverage([days, nights], ann, bob));

        card.IsRed(Now).Should().BeTrue();
        var gap = card.ProblemsAt(Now).Should().ContainSingle().Subject;
        gap.Kind.Should().Be(ReadinessRules.Kinds.NoQualifiedWorker);
        gap.What.Should().Be("No care worker within reach of CB1 Cambridge is on the rota from Tue 1 Dec 2026 02:00 GMT to Tue 1 Dec 2026 06:00 GMT.");
        gap.Fix.Should().Contain("Put a qualified worker near CB1 Cambridge on the rota for those hours");
        card.AlertOwed.Should().BeTrue("nobody was paged about it yet");
        card.NextChangeAt.Should().Be(tuesday2am + Duration.FromHours(4), "once the gap has passed the card is assessed again");
    }

    [Fact]
    public void Given_a_gap_nine_days_ahead_Then_the_card_turns_red_exactly_a_week_before_it()
    {
        var ann = Worker("Ann");
        var rota = Shifts([ann]);
        var gapStart = Instant.FromUtc(2026, 12, 4, 10, 0);
        rota = rota.Apply(new RotaOverrideAdded(rota.Id, Guid.NewGuid(), gapStart, gapStart + Duration.FromHours(1), null, null, "training day", "Admin", Now));

        var card = Assess(ReadyCard(), Coverage([rota], ann));

        card.IsRed(Now).Should().BeFalse();
        card.RedFrom.Should().Be(gapStart - Duration.FromDays(7));
        card.NextChangeAt.Should().Be(gapStart - Duration.FromDays(7), "the tick turns it red then, without anything else changing");
        card.IsRed(gapStart - Duration.FromDays(7)).Should().BeTrue();
    }

    [Fact]
    public void Given_the_only_worker_lacks_a_skill_the_plan_needs_or_her_training_runs_out_Then_there_is_nobody_qualified()
    {
        var untrained = Worker("Ann", skills: [Skills.MedicationAdministration]);
        var lapsing = Worker("Bea", skills: [Skills.MedicationAdministration], training: [new Training(Skills.MedicationAdministration, new LocalDate(2026, 11, 28))]);

        var withoutTraining = Assess(ReadyCard(Skills.MedicationAdministration), Coverage([Shifts([untrained])], untrained));
        var withLapsingTraining = Assess(ReadyCard(Skills.MedicationAdministration), Coverage([Shifts([lapsing])], lapsing));

        withoutTraining.ProblemsAt(Now).Should().ContainSingle(p => p.Kind == ReadinessRules.Kinds.NoQualifiedWorker)
            .Which.What.Should().StartWith("Nobody with medication administration within reach of CB1 Cambridge is on the rota from Wed 25 Nov 2026 09:00 GMT");
        withLapsingTraining.ProblemsAt(Now).Should().ContainSingle(p => p.Kind == ReadinessRules.Kinds.NoQualifiedWorker)
            .Which.What.Should().Contain("from Sun 29 Nov 2026 00:00 GMT", "her training is in date to the end of Saturday 28 November");
    }

    [Fact]
    public void Given_the_only_qualified_worker_is_based_beyond_the_travel_limit_Then_nobody_is_within_reach()
    {
        var farAway = Worker("Ann", homeBase: new Location(53.8, -1.55));

        var card = Assess(ReadyCard(), Coverage([Shifts([farAway])], farAway));

        card.ProblemsAt(Now).Should().ContainSingle().Which.What.Should().Be("No active care worker is based within reach of CB1 Cambridge.");
    }

    [Fact]
    public void Given_each_fact_missing_Then_each_is_a_problem_now_with_its_fix()
    {
        var ann = Worker("Ann");
        var coverage = Coverage([Shifts([ann])], ann);
        var plan = new Published.EmergencyPlanChanged(Guid.NewGuid(), 2, [], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now,
            new LocalDate(2026, 11, 1), KeyAccessOnFile: false, EmergencyContacts: 1, ContactsConfirmedAt: null);
        var card = new CardReadiness(Guid.NewGuid(), Now).WithCard("4000123412341234", true, Now).With(plan)
            .With(new Published.PlanConsentRecorded(Guid.NewGuid(), false, Now));

        var assessed = Assess(card, coverage);

        assessed.ProblemsAt(Now).Select(p => p.Kind).Should().BeEquivalentTo(
            [ReadinessRules.Kinds.ReviewOverdue, ReadinessRules.Kinds.ContactsUnconfirmed, ReadinessRules.Kinds.NoKeyAccess, ReadinessRules.Kinds.NoConsent]);
        assessed.Problems.Single(p => p.Kind == ReadinessRules.Kinds.ReviewOverdue).What.Should().Be("The plan was due for review on Sun 1 Nov 2026.");
        assessed.Problems.Should().OnlyContain(p => p.Fix.Length > 0);
    }

    [Fact]
    public void Given_confirmations_that_run_out_Then_the_card_turns_red_when_they_do()
    {
        var ann = Worker("Ann");
        var card = Assess(ReadyCard(), Coverage([Shifts([ann])], ann));
        var contactsLapse = Now - Duration.FromDays(10) + Duration.FromDays(Options.ContactsConfirmedWithinDays);

        card.Problems.Should().Contain(p => p.Kind == ReadinessRules.Kinds.ContactsUnconfirmed && p.From == contactsLapse);
        card.Problems.Should().Contain(p => p.Kind == ReadinessRules.Kinds.ReviewOverdue && p.From == Instant.FromUtc(2027, 6, 2, 0, 0) - Duration.FromHours(1),
            "the review date lasts to the end of that day in London (BST in June)");
        card.Problems.Should().Contain(p => p.Kind == ReadinessRules.Kinds.ConsentLapsed);
    }

    [Fact]
    public void Given_a_contacts_confirmation_that_arrives_before_the_plan_version_it_confirms_Then_that_version_counts_as_confirmed()
    {
        var carer = Guid.NewGuid();
        var confirmedAt = Now - Duration.FromMinutes(5);
        var card = new CardReadiness(carer, Now).WithCard("4000123412341234", true, Now)
            .With(new Published.EmergencyContactsConfirmed(carer, 3, confirmedAt))
            .With(new Published.EmergencyPlanChanged(carer, 3, [], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now - Duration.FromMinutes(10),
                new LocalDate(2027, 6, 1), true, 1, null));

        card.ContactsConfirmedAt.Should().Be(confirmedAt);
        card.With(new Published.EmergencyPlanChanged(carer, 4, [], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now, new LocalDate(2027, 6, 1), true, 1, null))
            .ContactsConfirmedAt.Should().BeNull("version 4 changed a number, so card lookup sent no confirmation with it");
        card.With(new Published.EmergencyPlanChanged(carer, 2, [Skills.PegFeeding], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now, null))
            .RequiredSkills.Should().BeEmpty("an older version arriving late changes nothing");
    }

    [Fact]
    public void Given_the_card_is_revoked_or_replaced_Then_only_a_carer_with_a_working_card_is_assessed()
    {
        var ann = Worker("Ann");
        var coverage = Coverage([Shifts([ann])], ann);
        var lost = ReadyCard().WithCard("4000123412341234", works: false, Now);
        var replaced = lost.WithCard("4000999988887777", works: true, Now);

        Assess(lost, coverage).Should().Match<CardReadiness>(c => !c.Active && c.Problems.Count == 0 && c.RedFrom == null);
        replaced.WorkingCard.Should().Be("4000999988887777");
        lost.WithCard("4000123412341234", works: true, Now - Duration.FromDays(1)).Active.Should().BeFalse("a message older than the revocation changes nothing");
    }

    [Fact]
    public void Given_a_card_paged_about_Then_it_is_owed_a_page_again_only_for_a_new_problem_or_after_it_turned_green()
    {
        var ann = Worker("Ann");
        var missing = ReadyCard().With(new Published.PlanConsentRecorded(Guid.NewGuid(), false, Now));
        var paged = Assess(missing, Coverage([Shifts([ann])], ann)) with { AlertOwed = false, AlertedKinds = [ReadinessRules.Kinds.NoConsent] };

        Assess(paged, Coverage([Shifts([ann])], ann)).AlertOwed.Should().BeFalse("the same problem was paged about");
        Assess(paged, Coverage([], ann)).AlertOwed.Should().BeTrue("nobody covers it now either: a new problem");
        var green = Assess(paged.With(new Published.PlanConsentRecorded(Guid.NewGuid(), true, Now + Duration.FromMinutes(1))), Coverage([Shifts([ann])], ann));
        green.AlertedKinds.Should().BeEmpty("it turned green, so a problem later is paged afresh");
    }

    [Fact]
    public void Given_several_cards_stored_first_by_another_writer_Then_it_is_a_conflict_to_decide_again_and_anything_else_is_not()
    {
        var one = new JasperFx.ConcurrencyException(typeof(CardReadiness), Guid.NewGuid());

        CardReadiness.StoredFirstByAnother(one).Should().BeTrue();
        CardReadiness.StoredFirstByAnother(new AggregateException(one, new JasperFx.ConcurrencyException(typeof(CardReadiness), Guid.NewGuid()))).Should().BeTrue(
            "Marten reports several failed version checks as one aggregate");
        CardReadiness.StoredFirstByAnother(new AggregateException(one, new InvalidOperationException("connection lost"))).Should().BeFalse();
        CardReadiness.StoredFirstByAnother(new TimeoutException()).Should().BeFalse();
    }

    [Fact]
    public void Given_a_new_card_red_from_the_start_Then_the_duty_managers_are_paged_only_if_it_is_still_red_after_the_grace()
    {
        var ann = Worker("Ann");
        var coverage = Coverage([Shifts([ann])], ann);
        var carer = Guid.NewGuid();
        var registered = new CardReadiness(carer, Now).WithCard("4000123412341234", true, Now)
            .With(new Published.EmergencyPlanChanged(carer, 1, [], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now, new LocalDate(2027, 6, 1), true, 2, null))
            .With(new Published.PlanConsentRecorded(carer, true, Now));

        var atRegistration = Assess(registered, coverage);
        var aDayLater = Assess(atRegistration, Coverage([Shifts([ann])], ann), Now + Duration.FromHours(Options.NewCardGraceHours));

        atRegistration.IsRed(Now).Should().BeTrue("nobody has phoned the contacts yet");
        atRegistration.AlertOwed.Should().BeFalse("the register team has a day to phone them");
        atRegistration.NextChangeAt.Should().Be(Now + Duration.FromHours(Options.NewCardGraceHours), "the tick looks again when the grace ends");
        aDayLater.AlertOwed.Should().BeTrue("still red a day after it was registered");
    }

    [Fact]
    public void Given_a_new_card_that_was_ready_and_turns_red_within_the_grace_Then_it_is_paged_about_at_once()
    {
        var ann = Worker("Ann");
        var carer = Guid.NewGuid();
        var ready = new CardReadiness(carer, Now).WithCard("4000123412341234", true, Now)
            .With(new Published.EmergencyPlanChanged(carer, 1, [], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now, new LocalDate(2027, 6, 1), true, 2, Now))
            .With(new Published.PlanConsentRecorded(carer, true, Now));

        var green = Assess(ready, Coverage([Shifts([ann])], ann));
        var nobodyOnTheRota = Assess(green, Coverage([], ann), Now + Duration.FromHours(1));

        green.IsRed(Now).Should().BeFalse();
        nobodyOnTheRota.AlertOwed.Should().BeTrue("it was ready an hour ago: turning red is news for the duty manager");
    }

    [Fact]
    public void Given_a_plan_for_a_two_person_transfer_Then_every_hour_needs_two_qualified_workers_within_reach()
    {
        var ann = Worker("Ann");
        var bob = Worker("Bob");
        var twoPeople = ReadyCard().With(new Published.EmergencyPlanChanged(Guid.NewGuid(), 2, [], "england-and-wales", "CB1 Cambridge", 52.2, 0.12, Now,
            new LocalDate(2027, 6, 1), true, 2, Now, WorkersNeeded: 2));
        var bobsRota = Shifts([bob]);
        var tuesday2am = Instant.FromUtc(2026, 12, 1, 2, 0);
        var bobOffTuesdayNight = bobsRota.Apply(new RotaOverrideAdded(bobsRota.Id, Guid.NewGuid(), tuesday2am, tuesday2am + Duration.FromHours(4), null, null, "sickness", "Admin", Now));

        var annAlone = Assess(twoPeople, Coverage([Shifts([ann])], ann, bob));
        var both = Assess(twoPeople, Coverage([Shifts([ann]), bobsRota], ann, bob));
        var bothButTuesdayNight = Assess(twoPeople, Coverage([Shifts([ann]), bobOffTuesdayNight], ann, bob));

        annAlone.ProblemsAt(Now).Should().ContainSingle().Which.What.Should().StartWith(
            "Fewer than two care workers within reach of CB1 Cambridge are on the rota from Wed 25 Nov 2026 09:00 GMT");
        both.Problems.Should().NotContain(p => p.Kind == ReadinessRules.Kinds.NoQualifiedWorker, "Ann and Bob are on together all week");
        bothButTuesdayNight.ProblemsAt(Now).Should().ContainSingle().Which.What.Should().Be(
            "Fewer than two care workers within reach of CB1 Cambridge are on the rota from Tue 1 Dec 2026 02:00 GMT to Tue 1 Dec 2026 06:00 GMT.");
        Assess(ReadyCard(), Coverage([Shifts([ann])], ann, bob)).Problems.Should().NotContain(p => p.Kind == ReadinessRules.Kinds.NoQualifiedWorker,
            "a plan for one needs one");
    }
}
