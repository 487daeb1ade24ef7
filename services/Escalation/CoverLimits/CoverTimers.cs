using Cers.Dispatch.Escalation.Timers;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.CoverLimits;

/// <summary>The warning timers and the limit timer for one revision of an activation's cover limit.</summary>
public static class CoverTimers
{
    public static IReadOnlyList<DurableTimer> For(Guid activationId, int revision, Instant limitAt, CoverLimitOptions options, Instant now)
    {
        var timers = options.WarningPoints
            .Select(hours => (hours, due: limitAt - Duration.FromHours(hours)))
            .Where(w => w.due >= now)
            .Select(w => Warning(activationId, revision, w.hours, w.due))
            .ToList();
        timers.Add(new DurableTimer(TimerIds.For(activationId, $"{TimerKinds.CoverLimit}/{revision}"), activationId, TimerKinds.CoverLimit, limitAt, null));
        return timers;
    }

    public static DurableTimer Warning(Guid activationId, int revision, int hours, Instant due) =>
        new(TimerIds.For(activationId, $"{TimerKinds.CoverWarning}/{revision}/{hours}"), activationId, TimerKinds.CoverWarning, due, hours.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static DurableTimer Escalation(Guid activationId, int revision, int repeat, Instant due) =>
        new(TimerIds.For(activationId, $"{TimerKinds.CoverEscalation}/{revision}/{repeat}"), activationId, TimerKinds.CoverEscalation, due, repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
