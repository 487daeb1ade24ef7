using Cers.Dispatch.Console.Reports;
using NodaTime;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Tests;

public sealed class CommissionersReportTests
{
    private static readonly YearMonth March = new(2026, 3);
    private static readonly YearMonth April = new(2026, 4);
    private static readonly Instant Now = Instant.FromUtc(2026, 4, 30, 12, 0);

    private static Instant At(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    private static ActivationFigures Opened(Instant at, string channel = "Phone", string reason = "AdmittedToHospital")
    {
        var id = Guid.NewGuid();
        return new ActivationFigures(id).Opened(new Intake.ActivationOpened(id, channel, "4921770012", reason, "Ambulance", "Paramedic", null, at));
    }

    private static ActivationFigures Offer(ActivationFigures a, Instant at) =>
        a.Offered(new Rostering.OfferSent(a.Id, Guid.NewGuid(), Guid.NewGuid(), "Asha Patel", 1, null, at + Duration.FromMinutes(10), at));

    private static ActivationFigures OnSite(ActivationFigures a, Instant at) =>
        a.Arrived(new Rostering.WorkerArrived(a.Id, Guid.NewGuid(), at)).CoverStarted(new Rostering.CoverStarted(a.Id, at, "england-and-wales"));

    private static ActivationFigures Closed(ActivationFigures a, Instant at, string outcome = "LongerTermCareInPlace") =>
        a.Closed(new Intake.ActivationClosed(a.Id, outcome, "Coordinator C. Ahmed", at));

    [Fact]
    public void An_activation_counts_in_the_UK_month_it_opened_in_so_half_past_midnight_BST_on_1_April_is_April()
    {
        var lateMarchUtc = Opened(Instant.FromUtc(2026, 3, 31, 23, 30));

        var report = CommissionersReport.Build([lateMarchUtc], March, April, Now);

        report.Months.Select(m => (m.Label, m.Activations)).Should().Equal(("Mar 2026", 0), ("Apr 2026", 1));
    }

    [Fact]
    public void Activations_are_counted_per_month_by_channel_and_by_reason()
    {
        var report = CommissionersReport.Build(
        [
            Opened(At(3, 2, 9), "Phone", "AdmittedToHospital"),
            Opened(At(3, 9, 9), "Phone", "Illness"),
            Opened(At(3, 20, 9), "PartnerApi", "AdmittedToHospital"),
            Opened(At(4, 1, 9), "PlannedCover", "Other"),
        ], March, April, Now);

        var march = report.Months[0];
        march.Activations.Should().Be(3);
        march.ByChannel.Should().BeEquivalentTo(new Dictionary<string, int> { ["Phone"] = 2, ["PartnerApi"] = 1 });
        march.ByReason.Should().BeEquivalentTo(new Dictionary<string, int> { ["AdmittedToHospital"] = 2, ["Illness"] = 1 });
        report.Months[1].ByChannel.Should().BeEquivalentTo(new Dictionary<string, int> { ["PlannedCover"] = 1 });
        report.Whole.Activations.Should().Be(4);
        report.Channels.Should().Equal("PartnerApi", "Phone", "PlannedCover");
    }

    [Fact]
    public void Time_to_the_first_offer_and_to_staff_on_site_are_measured_from_the_call_with_median_and_90th_percentile()
    {
        var activations = new[] { 5, 10, 15, 20 }.Select((minutes, i) =>
        {
            var opened = At(3, 10 + i, 8);
            return OnSite(Offer(Opened(opened), opened + Duration.FromMinutes(minutes)), opened + Duration.FromMinutes(minutes * 6));
        }).ToList();

        var march = CommissionersReport.Build(activations, March, March, Now).Months.Single();

        march.ToFirstOffer.Should().Be(new Spread(4, Duration.FromMinutes(12.5), Duration.FromMinutes(18.5)));
        march.ToStaffOnSite.Should().Be(new Spread(4, Duration.FromMinutes(75), Duration.FromMinutes(111)));
    }

    [Fact]
    public void A_second_offer_after_the_first_lapsed_does_not_lengthen_the_time_to_first_offer_even_if_its_message_came_first()
    {
        var opened = At(3, 10, 8);
        var activation = Offer(Offer(Opened(opened), opened + Duration.FromMinutes(14)), opened + Duration.FromMinutes(3));

        CommissionersReport.Build([activation], March, March, Now).Whole.ToFirstOffer.Median.Should().Be(Duration.FromMinutes(3));
    }

    [Fact]
    public void Activations_still_waiting_for_staff_are_left_out_of_the_times_but_counted_as_activations()
    {
        var opened = At(3, 10, 8);

        var march = CommissionersReport.Build([Opened(opened), Offer(Opened(opened), opened + Duration.FromMinutes(4))], March, March, Now).Whole;

        march.Activations.Should().Be(2);
        march.ToFirstOffer.Count.Should().Be(1);
        march.ToStaffOnSite.Should().Be(Spread.None);
    }

    [Fact]
    public void Cover_hours_run_from_cover_starting_to_it_ending_early_or_the_activation_closing_and_up_to_now_while_it_runs()
    {
        var closed = Closed(OnSite(Opened(At(4, 1, 8)), At(4, 1, 10)), At(4, 3, 10));
        var endedEarly = OnSite(Opened(At(4, 5, 8)), At(4, 5, 9)).CoverEndedEarly(new Intake.CoverEndedEarly(Guid.Empty, "C. Ahmed", "Daughter arrived", At(4, 5, 15)));
        var stillRunning = OnSite(Opened(At(4, 29, 20)), At(4, 30, 0));
        var neverStaffed = Opened(At(4, 20, 8));

        var april = CommissionersReport.Build([closed, endedEarly, stillRunning, neverStaffed], April, April, Now).Whole;

        april.CoverHours.Should().Be(48 + 6 + 12);
    }

    [Fact]
    public void A_cover_limit_reached_counts_once_per_activation_however_often_the_breach_is_escalated()
    {
        var a = OnSite(Opened(At(3, 1, 8)), At(3, 1, 9));
        var breached = a
            .LimitSet(new Escalation.CoverLimitSet(a.Id, At(3, 1, 9), At(3, 3, 9), 48, [], "england-and-wales"))
            .Reached(new Escalation.CoverLimitReached(a.Id, At(3, 3, 9), At(3, 3, 9)))
            .Escalated(new Escalation.CoverLimitEscalated(a.Id, 1, ["duty manager"], At(3, 3, 9)))
            .Escalated(new Escalation.CoverLimitEscalated(a.Id, 2, ["duty manager", "head of service"], At(3, 3, 13)));
        var late = Opened(At(3, 2, 8)).Unstaffed(new Escalation.ActivationUnstaffedTooLong(Guid.Empty, At(3, 2, 8), At(3, 2, 12)));

        var march = CommissionersReport.Build([breached, late, Opened(At(3, 4, 8))], March, March, Now).Whole;

        march.LimitsReached.Should().Be(1);
        march.BreachEscalations.Should().Be(2);
        march.UnstaffedTooLong.Should().Be(1);
    }

    [Fact]
    public void Outcomes_are_counted_by_how_each_activation_closed_and_the_rest_are_still_open()
    {
        var report = CommissionersReport.Build(
        [
            Closed(Opened(At(3, 1, 8)), At(3, 2, 8), "LongerTermCareInPlace"),
            Closed(Opened(At(3, 3, 8)), At(3, 4, 8), "LongerTermCareInPlace"),
            Closed(Opened(At(3, 5, 8)), At(3, 5, 9), "CarerAbleToCareAgain"),
            Opened(At(3, 6, 8)),
        ], March, March, Now);

        report.Whole.Outcomes.Should().BeEquivalentTo(new Dictionary<string, int> { ["LongerTermCareInPlace"] = 2, ["CarerAbleToCareAgain"] = 1 });
        report.Whole.StillOpen.Should().Be(1);
        report.Outcomes.Should().Equal("CarerAbleToCareAgain", "LongerTermCareInPlace");
    }

    [Fact]
    public void Activations_outside_the_range_and_figures_whose_opening_never_arrived_are_left_out()
    {
        var orphan = new ActivationFigures(Guid.NewGuid()).Offered(new Rostering.OfferSent(Guid.Empty, Guid.NewGuid(), Guid.NewGuid(), "Asha", 1, null, At(3, 1, 9), At(3, 1, 8)));

        var report = CommissionersReport.Build([Opened(At(2, 27, 8)), Opened(At(5, 1, 8)), orphan, Opened(At(3, 15, 8))], March, April, Now);

        report.Whole.Activations.Should().Be(1);
        report.Whole.Label.Should().Be("Mar 2026 to Apr 2026");
    }

    [Fact]
    public void Every_month_of_the_range_has_a_row_even_with_no_activations()
    {
        var report = CommissionersReport.Build([], new YearMonth(2025, 11), new YearMonth(2026, 2), Now);

        report.Months.Select(m => m.Label).Should().Equal("Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026");
        report.Months.Should().OnlyContain(m => m.Activations == 0 && m.ToFirstOffer == Spread.None && m.CoverHours == 0);
    }
}
