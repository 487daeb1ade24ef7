using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.CoverLimits.Starting;
using Cers.Dispatch.Escalation.Timers;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using ActivationOpened = Cers.Dispatch.Contracts.CrisisIntake.ActivationOpened;
using WorkerArrived = Cers.Dispatch.Contracts.Rostering.WorkerArrived;

namespace Cers.Dispatch.Escalation.Staffing;

/// <summary>
/// Starts the "no worker on site" timer when an activation opens and stops it when a worker arrives; a first arrival that
/// carries the start of cover also sets the cover limit, in the same transaction.
/// </summary>
public sealed class WhenActivationStaffing(IDocumentSession session, TimerStore timers, KeptEscalations kept, StartingCover starting, IClock clock, IOptions<CoverLimitOptions> options)
    : IConsumer<ActivationOpened>, IConsumer<WorkerArrived>
{
    public Task Consume(ConsumeContext<ActivationOpened> context)
    {
        var m = context.Message;
        var now = clock.GetCurrentInstant();
        return ActivationCommands.HandleAsync(session, timers, kept, context, "WhenActivationOpened", m.ActivationId, now,
            (state, _) => StaffingDecisions.Opened(m.ActivationId, m.OpenedAt, now, state, options.Value), opensTheStream: true);
    }

    public async Task Consume(ConsumeContext<WorkerArrived> context)
    {
        var m = context.Message;
        var now = clock.GetCurrentInstant();
        var startCover = m.Cover is { } cover ? await starting.DecideAsync(session, cover, now, context.CancellationToken) : null;
        await ActivationCommands.HandleAsync(session, timers, kept, context, "WhenWorkerArrived", m.ActivationId, now, (state, pending) =>
        {
            var arrived = StaffingDecisions.Arrived(m.ActivationId, m.WorkerId, m.ArrivedAt, state, pending);
            return startCover is null ? arrived : arrived.Then(startCover(arrived.Events.Aggregate(state, (s, e) => s.Apply(e))));
        });
    }
}
