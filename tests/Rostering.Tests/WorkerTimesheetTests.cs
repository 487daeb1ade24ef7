using Cers.Dispatch.Rostering.Dispatches.Offering;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class WorkerTimesheetTests
{
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly Instant Monday = Instant.FromUtc(2026, 11, 23, 0, 0);

    [Fact]
    public void Visits_ended_more_than_eight_days_before_an_arrival_are_dropped_and_this_weeks_hours_are_the_same()
    {
        var old = Guid.NewGuid();
        var lastWeek = Guid.NewGuid();
        var sheet = new WorkerTimesheet(Worker, [])
            .Apply(new WorkerVisitStarted(Worker, old, Monday - Duration.FromDays(20)))
            .Apply(new WorkerVisitEnded(Worker, old, Monday - Duration.FromDays(19)))
            .Apply(new WorkerVisitStarted(Worker, lastWeek, Monday - Duration.FromHours(3)))
            .Apply(new WorkerVisitEnded(Worker, lastWeek, Monday + Duration.FromHours(2)));

        var next = sheet.Apply(new WorkerVisitStarted(Worker, Guid.NewGuid(), Monday + Duration.FromDays(2)));

        next.Visits.Select(v => v.ActivationId).Should().NotContain(old).And.Contain(lastWeek);
        var now = Monday + Duration.FromDays(2) + Duration.FromHours(1);
        next.HoursBetween(Monday, now).Should().Be(sheet.HoursBetween(Monday, now) + 1);
    }

    [Fact]
    public void A_visit_left_open_counts_a_day_at_most_and_ends_where_she_next_arrives()
    {
        var leftOpen = Guid.NewGuid();
        var sheet = new WorkerTimesheet(Worker, []).Apply(new WorkerVisitStarted(Worker, leftOpen, Monday));

        sheet.HoursBetween(Monday, Monday + Duration.FromDays(3)).Should().Be(24, "a visit nobody ended does not count against her all week");

        var next = sheet.Apply(new WorkerVisitStarted(Worker, Guid.NewGuid(), Monday + Duration.FromHours(6)));
        next.Visits.Single(v => v.ActivationId == leftOpen).LeftAt.Should().Be(Monday + Duration.FromHours(6), "she cannot be in two homes at once");
        next.HoursBetween(Monday, Monday + Duration.FromHours(8)).Should().Be(8);

        var daysLater = sheet.Apply(new WorkerVisitStarted(Worker, Guid.NewGuid(), Monday + Duration.FromDays(2)));
        daysLater.HoursBetween(Monday, Monday + Duration.FromDays(2)).Should().Be(24, "ending it at her next arrival does not undo the day's cap");
    }
}
