using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Staffing;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.Escalation.Timers.Scheduling;
using NodaTime;
using NodaTime.Testing;
using static Cers.Dispatch.Escalation.Tests.Calendar;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.Tests;

public sealed class TimerDecisionTests
{
    private static readonly Guid ActivationId = Guid.Parse("0193a6f0-0000-7000-8000-000000000001");
    private readonly FakeClock clock = new(London(2026, 3, 11, 10));
    private readonly CoverLimitOptions options = new();
    private readonly TimerSimulation timers;

    public TimerDecisionTests() => timers = new TimerSimulation(ActivationId, clock, options);

    private Instant Now => clock.GetCurrentInstant();

    private void CoverStarts(Nation nation = Nation.EnglandAndWales) =>
        timers.Apply((state, _) => CoverLimitDecisions.Start(new StartCover(ActivationId, Now, nation, Now), state, Shipped, options));

    [Fact]
    public void When_cover_starts_the_limit_and_four_warnings_are_set()
    {
        CoverStarts();

        timers.Recorded.OfType<CoverLimitSet>().Should().ContainSingle().Which.LimitHours.Should().Be(48);
        timers.Pending.Select(t => (t.Kind, t.Target, t.DueAt)).Should().Equal(
            (TimerKinds.CoverWarning, "24", Now + Duration.FromHours(24)),
            (TimerKinds.CoverWarning, "12", Now + Duration.FromHours(36)),
            (TimerKinds.CoverWarning, "4", Now + Duration.FromHours(44)),
            (TimerKinds.CoverWarning, "1", Now + Duration.FromHours(47)),
            (TimerKinds.CoverLimit, null, Now + Duration.FromHours(48)));
    }

    [Fact]
    public void Each_warning_is_sent_once_at_its_hour_before_the_limit()
    {
        CoverStarts();

        timers.Advance(Duration.FromHours(24) - Duration.Epsilon).Should().BeEmpty();
        timers.Advance(Duration.Epsilon).OfType<CoverLimitWarningSent>().Should().ContainSingle().Which.HoursBeforeLimit.Should().Be(24);
        timers.Advance(Duration.FromHours(23) + Duration.FromMinutes(59)).OfType<CoverLimitWarningSent>()
            .Select(w => w.HoursBeforeLimit).Should().Equal(12, 4, 1);
        timers.State.Cover!.Warnings.Should().HaveCount(4);
    }

    [Fact]
    public void At_the_limit_the_duty_manager_and_supervisor_are_told_and_told_again_every_30_minutes_until_someone_acts()
    {
        CoverStarts();
        var limitAt = Now + Duration.FromHours(48);

        var atLimit = timers.AdvanceTo(limitAt);

        atLimit.OfType<CoverLimitReached>().Should().ContainSingle().Which.ReachedAt.Should().Be(limitAt);
        atLimit.OfType<CoverLimitEscalated>().Should().ContainSingle().Which.Notify.Should().Equal("duty-manager", "supervisor");
        var later = timers.Advance(Duration.FromMinutes(90));
        later.OfType<CoverLimitEscalated>().Select(e => (e.Repeat, e.EscalatedAt)).Should().Equal(
            (2, limitAt + Duration.FromMinutes(30)), (3, limitAt + Duration.FromMinutes(60)), (4, limitAt + Duration.FromMinutes(90)));
        timers.Pending.Should().ContainSingle().Which.Kind.Should().Be(TimerKinds.CoverEscalation);
    }

    [Fact]
    public void Arranging_longer_term_care_after_the_breach_stops_the_escalations_but_the_breach_stays_on_record()
    {
        CoverStarts();
        timers.Advance(Duration.FromHours(49));

        timers.Apply((state, pending) => CoverLimitDecisions.Resolve(
            new ResolveCover(ActivationId, CoverResolution.LongerTermCareArranged, "family", "coordinator Sam", Now), state, pending));

        timers.Pending.Should().BeEmpty();
        timers.Advance(Duration.FromHours(5)).Should().BeEmpty();
        timers.State.Cover!.Breached.Should().BeTrue();
        timers.State.Cover.Escalations.Should().HaveCount(3);
    }

    [Fact]
    public void Ending_cover_early_cancels_the_warnings_and_the_limit()
    {
        CoverStarts();
        timers.Advance(Duration.FromHours(30));

        timers.Apply((state, pending) => CoverLimitDecisions.Resolve(
            new ResolveCover(ActivationId, CoverResolution.EndedEarly, "carer home", "coordinator Sam", Now), state, pending));

        timers.Pending.Should().BeEmpty();
        timers.Advance(Duration.FromDays(3)).Should().BeEmpty();
        timers.State.Cover!.Breached.Should().BeFalse();
    }

    [Fact]
    public void A_managers_extension_moves_the_limit_and_the_warnings_that_are_still_ahead()
    {
        CoverStarts();
        var started = Now;
        timers.Advance(Duration.FromHours(40));
        var newLimit = started + Duration.FromHours(60);

        timers.Apply((state, pending) => CoverLimitDecisions.Extend(new ExtendCover(ActivationId, newLimit, "manager Pat", "care package starts Monday", Now), state, pending, options));

        timers.Pending.Select(t => (t.Kind, t.DueAt)).Should().Equal(
            (TimerKinds.CoverWarning, newLimit - Duration.FromHours(12)),
            (TimerKinds.CoverWarning, newLimit - Duration.FromHours(4)),
            (TimerKinds.CoverWarning, newLimit - Duration.FromHours(1)),
            (TimerKinds.CoverLimit, newLimit));
        timers.AdvanceTo(started + Duration.FromHours(48)).OfType<CoverLimitReached>().Should().BeEmpty("the old limit no longer applies");
        timers.AdvanceTo(newLimit).OfType<CoverLimitReached>().Should().ContainSingle().Which.LimitAt.Should().Be(newLimit);
    }

    [Fact]
    public void Extending_during_escalation_stops_it_until_the_new_limit()
    {
        CoverStarts();
        timers.Advance(Duration.FromHours(48) + Duration.FromMinutes(10));
        var newLimit = Now + Duration.FromHours(6);

        timers.Apply((state, pending) => CoverLimitDecisions.Extend(new ExtendCover(ActivationId, newLimit, "manager Pat", "family arrive tonight", Now), state, pending, options));

        timers.Advance(Duration.FromHours(6) - Duration.Epsilon).OfType<CoverLimitEscalated>().Should().BeEmpty();
        timers.Advance(Duration.Epsilon).OfType<CoverLimitEscalated>().Should().ContainSingle();
        timers.State.Cover!.Extensions.Should().ContainSingle();
    }

    [Fact]
    public void A_start_time_finer_than_a_microsecond_still_warns_and_breaches_although_the_store_keeps_microseconds()
    {
        clock.Reset(clock.GetCurrentInstant().PlusTicks(1_234_567));
        CoverStarts();

        var fired = timers.Advance(Duration.FromHours(48) + Duration.FromSeconds(1));

        fired.OfType<CoverLimitWarningSent>().Should().HaveCount(4);
        fired.OfType<CoverLimitReached>().Should().ContainSingle();
    }

    [Fact]
    public void A_second_cover_started_message_for_the_same_activation_changes_nothing()
    {
        CoverStarts();
        var before = timers.Recorded.Count;

        CoverStarts(Nation.Scotland);

        timers.Recorded.Should().HaveCount(before);
    }

    [Fact]
    public void The_timers_of_a_cover_limit_have_ids_derived_from_the_activation_so_setting_them_again_finds_the_same_rows()
    {
        var first = CoverTimers.For(ActivationId, 1, Now + Duration.FromHours(48), options, Now);
        var again = CoverTimers.For(ActivationId, 1, Now + Duration.FromHours(48), options, Now);
        var extended = CoverTimers.For(ActivationId, 2, Now + Duration.FromHours(48), options, Now);

        again.Select(t => t.TimerId).Should().Equal(first.Select(t => t.TimerId));
        extended.Select(t => t.TimerId).Should().NotIntersectWith(first.Select(t => t.TimerId));
    }

    [Fact]
    public void No_worker_on_site_within_four_hours_of_activation_is_raised_once()
    {
        var opened = Now;
        timers.Apply((state, _) => StaffingDecisions.Opened(ActivationId, opened, Now, state, options));

        timers.Advance(Duration.FromHours(4) - Duration.Epsilon).Should().BeEmpty();
        timers.Advance(Duration.Epsilon).OfType<ActivationUnstaffedTooLong>().Should().ContainSingle().Which.OpenedAt.Should().Be(opened);
        timers.Advance(Duration.FromHours(10)).Should().BeEmpty();
    }

    [Fact]
    public void A_worker_arriving_in_time_cancels_the_unstaffed_alarm()
    {
        timers.Apply((state, _) => StaffingDecisions.Opened(ActivationId, Now, Now, state, options));
        timers.Advance(Duration.FromHours(3));

        timers.Apply((state, pending) => StaffingDecisions.Arrived(ActivationId, Guid.NewGuid(), Now, state, pending));

        timers.Pending.Should().BeEmpty();
        timers.Advance(Duration.FromHours(2)).Should().BeEmpty();
    }

    [Fact]
    public void An_offer_deadline_without_a_due_time_gets_the_configured_ten_minutes()
    {
        var (timer, errors) = StartTimerSlice.Validate(new StartTimerRequest(null, ActivationId, "offer-deadline", null, "offer-42"), Guid.NewGuid(), Now, options);

        errors.Should().BeEmpty();
        timer!.DueAt.Should().Be(Now + Duration.FromMinutes(10));
        timer.Target.Should().Be("offer-42");
    }

    [Fact]
    public void A_timer_request_with_every_field_wrong_names_each_field()
    {
        var (timer, errors) = StartTimerSlice.Validate(new StartTimerRequest(Guid.Empty, null, "Cover Limit!", "tomorrow", new string('x', 201)), Guid.NewGuid(), Now, options);

        timer.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("timerId", "activationId", "kind", "dueAt", "target");
        StartTimerSlice.Validate(new StartTimerRequest(null, ActivationId, TimerKinds.CoverLimit, "2026-03-12T10:00:00Z", null), Guid.NewGuid(), Now, options)
            .Errors.Keys.Should().Equal("kind");
    }

    [Fact]
    public void A_due_time_an_offset_takes_past_the_last_instant_is_refused_not_thrown()
    {
        var (timer, errors) = StartTimerSlice.Validate(new StartTimerRequest(null, ActivationId, "offer-deadline", "9999-12-31T23:59:59-01:00", null), Guid.NewGuid(), Now, options);

        timer.Should().BeNull();
        errors.Keys.Should().Equal("dueAt");
    }

    [Fact]
    public void A_kind_without_a_configured_wait_needs_a_due_time() =>
        StartTimerSlice.Validate(new StartTimerRequest(null, ActivationId, "callback", null, null), Guid.NewGuid(), Now, options)
            .Errors.Should().ContainKey("dueAt").WhoseValue.Single().Should().StartWith("Required for this kind");

    [Fact]
    public void A_generic_timer_fires_as_TimerFired_with_its_kind_and_target()
    {
        var (timer, _) = StartTimerSlice.Validate(new StartTimerRequest(null, ActivationId, "coordinator-answer", null, "call-7"), Guid.NewGuid(), Now, options);
        timers.Apply((_, _) => StartTimerSlice.Decide(timer!, null));

        var fired = timers.Advance(Duration.FromSeconds(60));

        fired.Should().ContainSingle().Which.Should().BeOfType<TimerFired>().Which.Target.Should().Be("call-7");
    }
}
