using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.Timers;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using CoverStarted = Cers.Dispatch.Contracts.Rostering.CoverStarted;

namespace Cers.Dispatch.Escalation.CoverLimits.Starting;

/// <summary>Cover began: work out its 48/72-hour limit and set the warnings and the limit timer.</summary>
public sealed class WhenCoverStarted(
    IDocumentSession session,
    TimerStore timers,
    BankHolidaySource holidays,
    IClock clock,
    IOptions<CoverLimitOptions> options,
    ILogger<WhenCoverStarted> logger) : IConsumer<CoverStarted>
{
    public async Task Consume(ConsumeContext<CoverStarted> context)
    {
        var message = context.Message;
        if (!Nations.TryParse(message.Nation, out var nation))
        {
            // Without a known nation no bank holiday is missed on the safe side: the limit is the shorter one and escalates sooner.
            logger.LogWarning("Cover for activation {ActivationId} names an unknown nation {Nation}; using england-and-wales", message.ActivationId, message.Nation);
            nation = Nation.EnglandAndWales;
        }

        var calendar = await holidays.CurrentAsync(session, context.CancellationToken);
        var now = clock.GetCurrentInstant();
        await ActivationCommands.HandleAsync(session, timers, context, nameof(WhenCoverStarted), message.ActivationId, now, (state, _) =>
            CoverLimitDecisions.Start(new StartCover(message.ActivationId, message.StartedAt, nation, now), state, calendar, options.Value));
    }
}
