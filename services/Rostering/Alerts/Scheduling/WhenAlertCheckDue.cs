using Cers.Dispatch.Rostering.Alerts.Checking;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Rostering.Alerts.Scheduling;

public static class AlertTimers
{
    public const string DailyCheck = "rota-alerts-check";
}

/// <summary>
/// The daily check's timer fired: check, and ask for tomorrow's. Only the timer the schedule is waiting for counts, so a
/// redelivered, stale or early one changes nothing.
/// </summary>
public sealed class WhenAlertCheckDue(AlertCheck check, IClock clock, ILogger<WhenAlertCheckDue> logger) : IConsumer<TimerFired>
{
    private static readonly Duration Tolerance = Duration.FromMinutes(1);

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind != AlertTimers.DailyCheck)
        {
            return;
        }

        if (fired.DueAt > clock.GetCurrentInstant() + Tolerance)
        {
            logger.LogWarning("Ignored alert check timer {TimerId} fired before it was due at {DueAt}", fired.TimerId, fired.DueAt);
            return;
        }

        await check.RunAsync("daily check", fired.TimerId, context.CancellationToken);
    }
}
