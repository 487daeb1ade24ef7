using Cers.Dispatch.Rostering.Dispatches.Deadlines;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Rostering.Handovers.Seeking;

/// <summary>
/// The lead time before the covering worker's duty ends has come: the next worker is sought and offered the cover as the
/// first was. A timer that fires more than a minute early by our clock is ignored, as offer deadlines are.
/// </summary>
public sealed class WhenHandoverDue(DispatchDesk desk, HandoverPlanner planner, IClock clock, ILogger<WhenHandoverDue> logger) : IConsumer<TimerFired>
{
    private static readonly Duration Tolerance = Duration.FromMinutes(1);

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind != TimerKinds.HandoverDue)
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
            if (work.Dispatch is not { NextHandover: { } planned } dispatch || !await work.Session.TryMarkHandledAsync(context, nameof(WhenHandoverDue), work.Now))
            {
                return false;
            }

            var board = await RotaBoard.LoadAsync(work.Session, context.CancellationToken);
            var duty = HandoverPlanner.DutyOf(board, planned.WorkerId, work.Now, Duration.Zero);
            var due = HandoverDecider.Due(dispatch, fired.TimerId, duty, planner.Options, Guid.CreateVersion7(), work.Now);
            work.Record(due);
            if (due.OfType<Dispatches.HandoverSought>().Any())
            {
                await desk.MoveOnAsync(work, context.CancellationToken);
            }

            return true;
        }, context.CancellationToken);
    }
}
