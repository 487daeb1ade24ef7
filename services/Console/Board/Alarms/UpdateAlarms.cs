using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using NodaTime;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Board.Alarms;

/// <summary>Keeps the board's alarms and the providers' state from rostering's messages, and tells open browsers.</summary>
public sealed class UpdateAlarms(IDocumentSession session, IHubContext<BoardHub> hub, IClock clock) :
    IConsumer<Rostering.AlarmRaised>,
    IConsumer<Rostering.AlarmPaged>,
    IConsumer<Rostering.AlarmNotDelivered>,
    IConsumer<Rostering.AlarmAcknowledged>,
    IConsumer<Rostering.AlarmStoodDown>,
    IConsumer<Rostering.MessagingProviderStatusChanged>
{
    public Task Consume(ConsumeContext<Rostering.AlarmRaised> context)
    {
        var raised = context.Message;
        return Change(context, raised.AlarmId, existing => existing ?? new AlarmEntry(raised.AlarmId, raised.Kind, raised.Code, raised.ActivationId, raised.Summary, raised.RaisedAt));
    }

    public Task Consume(ConsumeContext<Rostering.AlarmPaged> context)
    {
        var paged = context.Message;
        return Change(context, paged.AlarmId, e => e is null ? null : e with
        {
            Pages = [.. e.Pages, new AlarmPageLine(paged.PersonName, paged.Role, paged.Channel, paged.Provider, null, paged.At)],
        });
    }

    public Task Consume(ConsumeContext<Rostering.AlarmNotDelivered> context)
    {
        var failed = context.Message;
        return Change(context, failed.AlarmId, e => e is null ? null : e with
        {
            Pages = [.. e.Pages, new AlarmPageLine(failed.PersonName, failed.Role, failed.Channel, null, failed.Why, failed.At)],
        });
    }

    public Task Consume(ConsumeContext<Rostering.AlarmAcknowledged> context) =>
        Change(context, context.Message.AlarmId, e => e is null ? null : e with
        {
            State = AlarmEntryState.Acknowledged, AnsweredBy = $"{context.Message.By} ({context.Message.Via})", ClosedAt = context.Message.At,
        });

    public Task Consume(ConsumeContext<Rostering.AlarmStoodDown> context) =>
        Change(context, context.Message.AlarmId, e => e is null ? null : e with
        {
            State = AlarmEntryState.StoodDown, AnsweredBy = context.Message.Why, ClosedAt = context.Message.At,
        });

    public async Task Consume(ConsumeContext<Rostering.MessagingProviderStatusChanged> context)
    {
        var status = context.Message;
        session.MarkHandled(context, nameof(UpdateAlarms), clock.GetCurrentInstant());

        var known = await session.LoadAsync<ProviderState>(status.Provider, context.CancellationToken);
        if (known is null || known.Since <= status.At)
        {
            session.Store(new ProviderState(status.Provider, status.Failing, status.Why, status.At));
        }

        await session.SaveChangesAsync(context.CancellationToken);
        await hub.Clients.All.SendAsync(BoardHub.AlarmsChanged, context.CancellationToken);
    }

    private async Task Change(ConsumeContext context, Guid alarmId, Func<AlarmEntry?, AlarmEntry?> change)
    {
        var existing = await session.LoadAsync<AlarmEntry>(alarmId, context.CancellationToken);
        session.MarkHandled(context, nameof(UpdateAlarms), clock.GetCurrentInstant());

        if (change(existing) is not { } changed)
        {
            throw new AlarmNotOnTheBoardYetException(alarmId);
        }

        session.Store(changed);
        await session.SaveChangesAsync(context.CancellationToken);
        await hub.Clients.All.SendAsync(BoardHub.AlarmsChanged, context.CancellationToken);
    }
}

/// <summary>A message about an alarm the board has not heard raised yet: tried again shortly, the raising is on its way.</summary>
public sealed class AlarmNotOnTheBoardYetException(Guid alarmId)
    : ArrivedBeforeItsCauseException($"Alarm {alarmId} is not on the board yet.");
