using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.Timers;
using Marten;
using MassTransit;
using NodaTime;
using CoverEndedEarly = Cers.Dispatch.Contracts.CrisisIntake.CoverEndedEarly;
using LongerTermCareArranged = Cers.Dispatch.Contracts.CrisisIntake.LongerTermCareArranged;

namespace Cers.Dispatch.Escalation.CoverLimits.Resolving;

/// <summary>Longer-term care arranged, or cover ended: the cover timers stop (a breach already recorded stays).</summary>
public sealed class WhenCoverResolved(IDocumentSession session, TimerStore timers, KeptEscalations kept, IClock clock)
    : IConsumer<LongerTermCareArranged>, IConsumer<CoverEndedEarly>
{
    public Task Consume(ConsumeContext<LongerTermCareArranged> context)
    {
        var m = context.Message;
        return Resolve(context, new ResolveCover(m.ActivationId, CoverResolution.LongerTermCareArranged, m.Arrangement, m.ArrangedBy, clock.GetCurrentInstant()));
    }

    public Task Consume(ConsumeContext<CoverEndedEarly> context)
    {
        var m = context.Message;
        return Resolve(context, new ResolveCover(m.ActivationId, CoverResolution.EndedEarly, m.Reason, m.EndedBy, clock.GetCurrentInstant()));
    }

    private Task Resolve(ConsumeContext context, ResolveCover command) =>
        ActivationCommands.HandleAsync(session, timers, kept, context, nameof(WhenCoverResolved), command.ActivationId, command.Now,
            (state, pending) => CoverLimitDecisions.Resolve(command, state, pending));
}
