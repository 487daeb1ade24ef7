using System.Globalization;
using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Staffing;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.Timers.Firing;

/// <summary>What a due timer means: always TimerFired, and for the service's own timers the warning, breach or escalation.</summary>
public static class TimerFiringDecision
{
    public static bool NeedsState(string kind) => TimerKinds.IsCover(kind) || kind == TimerKinds.WorkerOnSite;

    public static EscalationDecision Decide(DurableTimer timer, ActivationEscalation state, Instant now, CoverLimitOptions options)
    {
        var fired = new TimerFired(timer.ActivationId, timer.TimerId, timer.Kind, timer.DueAt, timer.Target, now);
        var cover = state.Cover is { IsWatching: true } c ? c : null;
        switch (timer.Kind)
        {
            case TimerKinds.CoverWarning when cover is not null
                && int.TryParse(timer.Target, NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                && IsDue(cover.LimitAt - Duration.FromHours(hours), timer):
                return new([fired, new CoverLimitWarningSent(timer.ActivationId, hours, cover.LimitAt, now)], [], []);

            case TimerKinds.CoverLimit when cover is { ReachedAt: null } && IsDue(cover.LimitAt, timer):
                return new(
                    [fired, new CoverLimitReached(timer.ActivationId, cover.LimitAt, now), new CoverLimitEscalated(timer.ActivationId, 1, options.Notify, now)],
                    [CoverTimers.Escalation(timer.ActivationId, cover.Revision, 2, NextEscalation(timer.DueAt, now, options))],
                    []);

            case TimerKinds.CoverEscalation when cover is { ReachedAt: not null }
                && int.TryParse(timer.Target, NumberStyles.None, CultureInfo.InvariantCulture, out var repeat):
                return new(
                    [fired, new CoverLimitEscalated(timer.ActivationId, repeat, options.Notify, now)],
                    [CoverTimers.Escalation(timer.ActivationId, cover.Revision, repeat + 1, NextEscalation(timer.DueAt, now, options))],
                    []);

            case TimerKinds.WorkerOnSite when state.WorkerArrivedAt is null && state.Resolution is null:
                var openedAt = state.OpenedAt ?? timer.DueAt - Duration.FromHours(options.NoWorkerOnSiteHours);
                return new([fired, new ActivationUnstaffedTooLong(timer.ActivationId, openedAt, now)], [], []);

            default:
                return new([fired], [], []);
        }
    }

    /// <summary>Whether the timer is the one for this time: the store keeps microseconds, a NodaTime clock ticks in 100 ns.</summary>
    private static bool IsDue(Instant at, DurableTimer timer) => DurableTimer.StoredPrecision(at) == timer.DueAt;

    /// <summary>Escalations repeat on the interval from the limit; after an outage the next one is an interval from now, not a burst.</summary>
    private static Instant NextEscalation(Instant due, Instant now, CoverLimitOptions options)
    {
        var next = due + options.EscalationRepeat;
        return next > now ? next : now + options.EscalationRepeat;
    }
}
