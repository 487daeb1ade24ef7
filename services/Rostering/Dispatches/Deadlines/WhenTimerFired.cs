using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Rostering.Dispatches.Deadlines;

public static class TimerKinds
{
    public const string OfferDeadline = "offer-deadline";
    public const string DispatchEscalation = "dispatch-escalation";
}

/// <summary>
/// An offer's deadline passed (the next worker is asked), or the coordinators' time to act ran out (the duty managers are
/// alerted). A timer that fires more than a minute before it is due by our clock is ignored: it is not ours to trust.
/// </summary>
public sealed class WhenTimerFired(DispatchDesk desk, IClock clock, ILogger<WhenTimerFired> logger) : IConsumer<TimerFired>
{
    private static readonly Duration Tolerance = Duration.FromMinutes(1);

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind is not (TimerKinds.OfferDeadline or TimerKinds.DispatchEscalation))
        {
            return;
        }

        if (fired.DueAt > clock.GetCurrentInstant() + Tolerance)
        {
            logger.LogWarning("Ignored timer {TimerId} ({Kind}) fired before it was due at {DueAt}", fired.TimerId, fired.Kind, fired.DueAt);
            return;
        }

        await desk.ExecuteAsync(fired.ActivationId, async work =>
        {
            if (work.Dispatch is not { } dispatch || !await work.Session.TryMarkHandledAsync(context, nameof(WhenTimerFired), work.Now))
            {
                return false;
            }

            if (fired.Kind == TimerKinds.OfferDeadline && Guid.TryParse(fired.Target, out var offerId))
            {
                var expired = OfferDecider.Expire(dispatch, offerId, "no-reply", work.Now);
                work.Record(expired);
                if (expired.Count > 0)
                {
                    await desk.MoveOnAsync(work, context.CancellationToken);
                }
            }
            else if (fired.Kind == TimerKinds.DispatchEscalation && int.TryParse(fired.Target, out var level))
            {
                var board = await RotaBoard.LoadAsync(work.Session, context.CancellationToken);
                work.Record(OfferDecider.EscalationStepDue(dispatch, level, DispatchDesk.DutyManagers(board, work.Now), desk.Options, work.Now));
            }

            return true;
        }, context.CancellationToken);
    }
}
