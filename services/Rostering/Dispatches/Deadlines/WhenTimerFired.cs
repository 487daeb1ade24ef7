using System.Globalization;
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
            else if (fired.Kind == TimerKinds.DispatchEscalation && TimerKinds.TryParseEscalationTarget(fired.Target, out var level, out var round))
            {
                var board = await RotaBoard.LoadAsync(work.Session, context.CancellationToken);
                work.Record(OfferDecider.EscalationStepDue(dispatch, level, DispatchDesk.DutyManagers(board, work.Now), desk.Options, work.Now, round));
            }

            return true;
        }, context.CancellationToken);
    }
}
