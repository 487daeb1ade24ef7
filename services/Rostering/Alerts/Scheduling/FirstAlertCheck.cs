using Cers.Dispatch.ServiceDefaults;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alerts.Scheduling;

/// <summary>
/// At start-up, makes sure a daily check is scheduled. The timer itself lives in escalation's store and its TimerFired
/// waits in our queue while we are down, so a restart needs nothing more; only a schedule that never began, or one whose
/// timer is long overdue (lost), is set again, an overdue one to run at once.
/// </summary>
public sealed class FirstAlertCheck(IDocumentStore store, IClock clock, IOptions<AlertOptions> options, ILogger<FirstAlertCheck> logger) : BackgroundService
{
    private static readonly Duration Overdue = Duration.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await EnsureScheduledAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (StreamConflicts.IsStreamMovedOn(e))
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not schedule the daily rota alert check (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken);
            }
        }
    }

    private async Task EnsureScheduledAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<AlertSchedule>(AlertSchedule.StreamId, cancellationToken);
        var now = clock.GetCurrentInstant();
        if (stream.Aggregate?.NextDueAt is { } due && due > now - Overdue)
        {
            return;
        }

        var dueAt = stream.Aggregate?.NextDueAt is null ? options.Value.NextCheckAfter(now) : now + Duration.FromMinutes(1);
        stream.AppendOne(new AlertCheckScheduled(AlertSchedule.StreamId, Guid.CreateVersion7(), dueAt, now));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Daily rota alert check scheduled for {DueAt}", dueAt);
    }
}
