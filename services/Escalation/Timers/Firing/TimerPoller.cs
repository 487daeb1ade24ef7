using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Firing;

/// <summary>
/// Wakes when the next timer is due (at most every PollIntervalMilliseconds) and fires whatever is due by the injected
/// clock. On start it fires everything that came due while the service was down.
/// </summary>
public sealed class TimerPoller(
    FireDueTimers firing,
    TimerStore timers,
    IClock clock,
    TimeProvider time,
    IOptions<TimerOptions> options,
    ILogger<TimerPoller> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return settings.Enabled
            ? Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => PollAsync(settings, stoppingToken)))
            : Task.CompletedTask;
    }

    private async Task PollAsync(TimerOptions settings, CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var fired = await firing.FireAsync(settings.BatchSize, stoppingToken);
                if (fired >= settings.BatchSize)
                {
                    continue;
                }

                var wait = interval;
                if (await timers.NextDueAsync(stoppingToken) is { } next)
                {
                    var untilDue = (next - clock.GetCurrentInstant()).ToTimeSpan();
                    wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < interval ? untilDue : interval;
                }

                await Task.Delay(wait, time, stoppingToken);
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
