using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.Timers;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using CoverExtended = Cers.Dispatch.Contracts.CrisisIntake.CoverExtended;

namespace Cers.Dispatch.Escalation.CoverLimits.Extending;

/// <summary>A manager moved the limit: the pending warnings and limit timer are replaced by ones for the new limit.</summary>
public sealed class WhenCoverExtended(IDocumentSession session, TimerStore timers, KeptEscalations kept, IClock clock, IOptions<CoverLimitOptions> options)
    : IConsumer<CoverExtended>
{
    public Task Consume(ConsumeContext<CoverExtended> context)
    {
        var m = context.Message;
        var command = new ExtendCover(m.ActivationId, m.NewLimitAt, m.DecidedBy, m.Reason, clock.GetCurrentInstant());
        return ActivationCommands.HandleAsync(session, timers, kept, context, nameof(WhenCoverExtended), m.ActivationId, command.Now,
            (state, pending) => CoverLimitDecisions.Extend(command, state, pending, options.Value));
    }
}
