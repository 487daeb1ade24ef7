using Cers.Dispatch.ServiceDefaults;
using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.CardLookup.Retention;

/// <summary>
/// The daily sweep rides on escalation's durable timers, like every other "at this time" in the system: one timer at
/// a time, asked for when the service starts (if none is pending) and again after each sweep. A restart, a second
/// instance or a redelivered timer changes nothing: the timer id is the day's, and escalation keeps the first.
/// </summary>
public static class SweepSchedule
{
    /// <returns>Whether a new timer was asked for.</returns>
    public static async Task<bool> EnsureNextAsync(IDocumentSession session, Instant now, LocalTime at, CancellationToken cancellationToken)
    {
        var state = await session.LoadAsync<RetentionState>(RetentionStream.StateId, cancellationToken);
        if (state is not null && state.NextDueAt > now)
        {
            return false;
        }

        var due = RetentionStream.NextSweepAfter(now, at);
        var timerId = RetentionStream.TimerIdFor(due.InZone(Common.Ages.ServiceZone).Date);
        session.Events.Append(RetentionStream.Id, new RetentionSweepScheduled(timerId, due, now));
        var next = new RetentionState(RetentionStream.StateId, timerId, due, due.ToUnixTimeTicks());
        if (state is null)
        {
            session.Insert(next);
        }
        else
        {
            session.Store(next);
        }

        return true;
    }
}

/// <summary>Asks for the next sweep when the service starts, unless one is already pending.</summary>
public sealed class KeepingSweepsScheduled(IDocumentStore store, IClock clock, IOptions<RetentionOptions> options, ILogger<KeepingSweepsScheduled> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            if (await SweepSchedule.EnsureNextAsync(session, clock.GetCurrentInstant(), options.Value.SweepTime, stoppingToken))
            {
                await session.SaveChangesAsync(stoppingToken);
            }
        }
        catch (Exception e) when (e is DocumentAlreadyExistsException or JasperFx.ConcurrencyException)
        {
            // Another instance asked for it at the same moment.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not ask for the next retention sweep; it will be asked for at the next start or sweep");
        }
    }
}

/// <summary>The sweep's timer fired: sweep, then ask for tomorrow's.</summary>
public sealed class SweepingOnSchedule(IDocumentSession session, RetentionSweep sweep, IClock clock, IOptions<RetentionOptions> options) : IConsumer<TimerFired>
{
    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        if (context.Message.Kind != RetentionStream.TimerKind
            || await session.LoadAsync<HandledMessage>($"{nameof(SweepingOnSchedule)}/{context.MessageId:N}", context.CancellationToken) is not null)
        {
            return;
        }

        // Sweeping twice is harmless, so the sweep runs before the message is marked handled, in its own transactions.
        await sweep.RunAsync("daily timer", clock.GetCurrentInstant(), context.CancellationToken);
        var now = clock.GetCurrentInstant();
        session.MarkHandled(context, nameof(SweepingOnSchedule), now);
        await SweepSchedule.EnsureNextAsync(session, now, options.Value.SweepTime, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
