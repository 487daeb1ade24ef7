using System.Globalization;
using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Rostering.Dispatches.Deadlines;

public static class TimerKinds
{
    public const string OfferDeadline = "offer-deadline";
    public const string DispatchEscalation = "dispatch-escalation";

    /// <summary>The lead time before the covering worker's duty ends: find who takes over. Target = the covering worker's id.</summary>
    public const string HandoverDue = "handover-due";

    /// <summary>"2" for the first worker (as before handovers existed), "2@3" for the third handover.</summary>
    public static string EscalationTarget(int level, int round) =>
        round == 0 ? level.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{level}@{round}");

    public static bool TryParseEscalationTarget(string? target, out int level, out int round)
    {
        var parts = (target ?? "").Split('@');
        round = 0;
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out level)
            && (parts.Length == 1 || (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out round)));
    }
}

/// <summary>
/// A dispatch timer that escalation fired: one set before the dispatch kept its own timers (<see cref="DispatchTimers"/>),
/// still running there. A timer that fires more than a minute before it is due by our clock is ignored: it is not ours to trust.
/// </summary>
public sealed class WhenTimerFired(DispatchTimerDue due, IClock clock, ILogger<WhenTimerFired> logger) : IConsumer<TimerFired>
{
    private static readonly Duration Tolerance = Duration.FromMinutes(1);

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind is not (TimerKinds.OfferDeadline or TimerKinds.DispatchEscalation or TimerKinds.HandoverDue))
        {
            return;
        }

        if (fired.DueAt > clock.GetCurrentInstant() + Tolerance)
        {
            logger.LogWarning("Ignored timer {TimerId} ({Kind}) fired before it was due at {DueAt}", fired.TimerId, fired.Kind, fired.DueAt);
            return;
        }

        await due.RunAsync(fired.TimerId, fired.ActivationId, fired.Kind, fired.Target,
            work => work.Session.MarkHandled(context, nameof(WhenTimerFired), work.Now), context.CancellationToken);
    }
}
