using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Timers;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using ActivationOpened = Cers.Dispatch.Contracts.CrisisIntake.ActivationOpened;
using WorkerArrived = Cers.Dispatch.Contracts.Rostering.WorkerArrived;

namespace Cers.Dispatch.Escalation.Staffing;

/// <summary>Starts the "no worker on site" timer when an activation opens and stops it when a worker arrives.</summary>
public sealed class WhenActivationStaffing(IDocumentSession session, TimerStore timers, IClock clock, IOptions<CoverLimitOptions> options)
    : IConsumer<ActivationOpened>, IConsumer<WorkerArrived>
{
    public Task Consume(ConsumeContext<ActivationOpened> context)
    {
        var m = context.Message;
        var now = clock.GetCurrentInstant();
        return ActivationCommands.HandleAsync(session, timers, context, "WhenActivationOpened", m.ActivationId, now,
            (state, _) => StaffingDecisions.Opened(m.ActivationId, m.OpenedAt, now, state, options.Value));
    }

    public Task Consume(ConsumeContext<WorkerArrived> context)
    {
        var m = context.Message;
        return ActivationCommands.HandleAsync(session, timers, context, "WhenWorkerArrived", m.ActivationId, clock.GetCurrentInstant(),
            (state, pending) => StaffingDecisions.Arrived(m.ActivationId, m.WorkerId, m.ArrivedAt, state, pending));
    }
}
