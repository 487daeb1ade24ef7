using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Firing;

/// <summary>
/// Wakes when the next timer is due, when this instance stores one due sooner (<see cref="TimerWake"/>), and at least every
/// PollIntervalMilliseconds (for timers other instances stored, and a clock moved on), and fires whatever is due by the
/// injected clock; a poll that finds nothing due costs one statement and no transaction. One loop watches the clock; only when a
/// batch comes back full (a backlog, as after the service was down) are Concurrency batches fired side by side. On start
/// it fires everything that came due while the service was down.
/// </summary>
public sealed class TimerPoller(
    FireDueTimers firing,
    TimerStore timers,
    IClock clock,
    TimeProvider time,
    TimerWake wake,
    IOptions<TimerOptions> options,
    ILogger<TimerPoller> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return settings.Enabled ? PollAsync(settings, stoppingToken) : Task.CompletedTask;
    }

    private async Task PollAsync(TimerOptions settings, CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds);
        var sideBySide = 1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Asking when the next timer is due is one statement; claiming is a transaction. Most polls find nothing
                // due, so they ask first and claim only when something is.
                wake.Looking();
                var next = await timers.NextDueAsync(stoppingToken);
                var now = clock.GetCurrentInstant();
                if (next is { } due && due <= now)
                {
                    var fired = await Task.WhenAll(Enumerable.Range(0, sideBySide).Select(_ => firing.FireAsync(settings.BatchSize, stoppingToken)));
                    sideBySide = fired.Any(count => count >= settings.BatchSize) ? Math.Max(1, settings.Concurrency) : 1;
                    if (fired.Sum() > 0)
                    {
                        continue;
                    }

                    // What is due is being fired by another instance; it is no longer due once that commits.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, settings.PollIntervalMilliseconds)), time, stoppingToken);
                    continue;
                }

                sideBySide = 1;
                var untilDue = next is { } later ? (later - now).ToTimeSpan() : interval;
                var sleep = untilDue < interval ? untilDue : interval;
                await wake.SleepAsync(now + Duration.FromTimeSpan(sleep), sleep, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A conflicting writer or a lost connection rolls the batch back; its timers are pending again.
                logger.LogWarning(e, "Firing due timers failed; retrying");
                await Task.Delay(interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
