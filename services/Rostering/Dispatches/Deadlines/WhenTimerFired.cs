using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Rostering.Dispatches.Deadlines;

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
        if (fired.Kind is not (TimerKinds.OfferDeadline or TimerKinds.DispatchEscalation or TimerKinds.HandoverDue or TimerKinds.CompanionReliefDue))
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
