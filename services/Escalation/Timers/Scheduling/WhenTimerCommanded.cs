using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using CancelTimer = Cers.Dispatch.Contracts.Escalation.CancelTimer;
using StartTimer = Cers.Dispatch.Contracts.Escalation.StartTimer;

namespace Cers.Dispatch.Escalation.Timers.Scheduling;

/// <summary>StartTimer and CancelTimer from other services. An invalid command is logged and dropped: retrying cannot mend it.</summary>
public sealed class WhenTimerCommanded(
    IDocumentSession session, TimerStore timers, IClock clock, IOptions<CoverLimitOptions> options, ILogger<WhenTimerCommanded> logger)
    : IConsumer<StartTimer>, IConsumer<CancelTimer>
{
    public async Task Consume(ConsumeContext<StartTimer> context)
    {
        var m = context.Message;
        var now = clock.GetCurrentInstant();
        var request = new StartTimerRequest(m.TimerId, m.ActivationId, m.Kind, NodaTime.Text.InstantPattern.ExtendedIso.Format(m.DueAt), m.Target);
        var (timer, errors) = StartTimerSlice.Validate(request, m.TimerId, now, options.Value);
        if (timer is null)
        {
            logger.LogError("Refused StartTimer {TimerId}: {Errors}", m.TimerId, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            return;
        }

        session.MarkHandled(context, "WhenStartTimer", now);

        var existing = await timers.FindAsync(timer.TimerId, context.CancellationToken);
        EscalationStream.Record(session.CarryTraceContext(), timers, null, timer.ActivationId, StartTimerSlice.Decide(timer, existing), now);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<CancelTimer> context)
    {
        var now = clock.GetCurrentInstant();
        session.MarkHandled(context, "WhenCancelTimer", now);

        var existing = await timers.FindAsync(context.Message.TimerId, context.CancellationToken);
        if (CancelTimerSlice.Decide(existing, "cancelled by request") is { } decision)
        {
            EscalationStream.Record(session.CarryTraceContext(), timers, null, existing!.Timer.ActivationId, decision, now);
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}
