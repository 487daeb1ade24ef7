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
        var open = Guid.NewGuid();
        var sheet = new WorkerTimesheet(Worker, [])
            .Apply(new WorkerVisitStarted(Worker, old, Monday - Duration.FromDays(20)))
            .Apply(new WorkerVisitEnded(Worker, old, Monday - Duration.FromDays(19)))
            .Apply(new WorkerVisitStarted(Worker, open, Monday - Duration.FromDays(10)))
            .Apply(new WorkerVisitStarted(Worker, lastWeek, Monday - Duration.FromHours(3)))
            .Apply(new WorkerVisitEnded(Worker, lastWeek, Monday + Duration.FromHours(2)));

        var next = sheet.Apply(new WorkerVisitStarted(Worker, Guid.NewGuid(), Monday + Duration.FromDays(2)));

        next.Visits.Select(v => v.ActivationId).Should().NotContain(old).And.Contain([open, lastWeek]);
        var now = Monday + Duration.FromDays(2) + Duration.FromHours(1);
        next.HoursBetween(Monday, now).Should().Be(sheet.HoursBetween(Monday, now) + 1);
    }
}
