using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.Timers;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using CoverStarted = Cers.Dispatch.Contracts.Rostering.CoverStarted;

namespace Cers.Dispatch.Escalation.CoverLimits.Starting;

/// <summary>
/// Cover began, told on its own (usually it comes with the first arrival, see WhenActivationStaffing): work out its
/// 48/72-hour limit and set the warnings and the limit timer.
/// </summary>
public sealed class WhenCoverStarted(IDocumentSession session, TimerStore timers, KeptEscalations kept, StartingCover starting, IClock clock) : IConsumer<CoverStarted>
{
    public async Task Consume(ConsumeContext<CoverStarted> context)
    {
        var now = clock.GetCurrentInstant();
        var start = await starting.DecideAsync(session, context.Message, now, context.CancellationToken);
        await ActivationCommands.HandleAsync(session, timers, kept, context, nameof(WhenCoverStarted), context.Message.ActivationId, now, (state, _) => start(state));
    }
}

/// <summary>The decision cover starting takes: the limit from the nation's bank holidays, its warnings and the limit timer.</summary>
public sealed class StartingCover(BankHolidaySource holidays, IOptions<CoverLimitOptions> options, ILogger<StartingCover> logger)
{
    public async Task<Func<ActivationEscalation, EscalationDecision>> DecideAsync(
        IQuerySession session, CoverStarted started, Instant now, CancellationToken cancellationToken)
    {
        if (!Nations.TryParse(started.Nation, out var nation))
        {
            // Without a known nation no bank holiday is missed on the safe side: the limit is the shorter one and escalates sooner.
            logger.LogWarning("Cover for activation {ActivationId} names an unknown nation {Nation}; using england-and-wales", started.ActivationId, started.Nation);
            nation = Nation.EnglandAndWales;
        }

        var calendar = await holidays.CurrentAsync(session, cancellationToken);
        return state => CoverLimitDecisions.Start(new StartCover(started.ActivationId, started.StartedAt, nation, now), state, calendar, options.Value);
    }
}
