using Cers.Dispatch.Console.Board;
using Cers.Dispatch.Console.Reports;
using Cers.Dispatch.Contracts;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Activations.Tracking;

/// <summary>
/// Keeps the console's two views of an activation, the board's <see cref="BoardEntry"/> and the commissioners'
/// <see cref="ActivationFigures"/>, from the services' news (about a second of each service's messages in one delivery):
/// read with those of every message in the same commit, one statement a view, and each change to the board pushed to
/// open browsers.
/// </summary>
public sealed class UpdateActivationViewsFromNews(GroupCommit commits, IHubContext<BoardHub> hub)
    : IConsumer<News<Intake.IIntakeNews>>, IConsumer<News<Escalation.IEscalationNews>>, IConsumer<News<Rostering.IRosteringNews>>
{
    public Task Consume(ConsumeContext<News<Intake.IIntakeNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => told switch
        {
            Intake.ActivationOpened message => On(context, item, message),
            Intake.ActivationCardVerified message => On(context, item, message),
            Intake.ActivationCardNotIdentified message => On(context, item, message),
            Intake.CoverEndedEarly message => On(context, item, message),
            Intake.ActivationClosed message => On(context, item, message),
            Intake.ActivationPersonalDataShredded message => On(context, item, message),
            Intake.HandoverPackPrepared message => On(context, item, message),
            Intake.HandoverPackSent message => On(context, item, message),
            _ => Task.CompletedTask,
        });

    public Task Consume(ConsumeContext<News<Escalation.IEscalationNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => told switch
        {
            Escalation.CoverLimitSet message => On(context, item, message),
            Escalation.CoverLimitReached message => On(context, item, message),
            Escalation.CoverLimitEscalated message => On(context, item, message),
            Escalation.ActivationUnstaffedTooLong message => On(context, item, message),
            _ => Task.CompletedTask,
        });

    public Task Consume(ConsumeContext<News<Rostering.IRosteringNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => told switch
        {
            Rostering.OfferSent message => On(context, item, message),
            Rostering.OfferAccepted message => On(context, item, message),
            Rostering.OfferExpired message => On(context, item, message),
            Rostering.OfferDeclined message => On(context, item, message),
            Rostering.WorkerArrived message => On(context, item, message),
            Rostering.WorkerLeft message => On(context, item, message),
            Rostering.CoverStarted message => On(context, item, message),
            Rostering.NobodyOnSite message => On(context, item, message),
            Rostering.DispatchEscalated message => On(context, item, message),
            _ => Task.CompletedTask,
        });

    private Task On(ConsumeContext context, ItemInNews item, Intake.ActivationOpened opened)
    {
        return Change(context, item, opened.ActivationId,
            board: existing =>
            {
                var entry = existing ?? new BoardEntry(
                    opened.ActivationId, opened.Channel, opened.CardNumber, opened.Reason,
                    $"{opened.ReportedByName} ({opened.ReportedByAgency})", opened.OpenedAt, BoardState.AwaitingCardCheck);
                return opened.Card is { } card ? Verified(entry, card) : entry;
            },
            figures: f => f.Opened(opened));
    }

    private Task On(ConsumeContext context, ItemInNews item, Intake.ActivationCardVerified told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : Verified(e, told));

    private static BoardEntry Verified(BoardEntry entry, Intake.ActivationCardVerified card) => entry with
    {
        CardNumber = card.CardNumber,
        Area = card.Area,
        State = entry.State <= BoardState.AwaitingCardCheck ? BoardState.FindingStaff : entry.State,
        CardProblem = null,
    };

    private Task On(ConsumeContext context, ItemInNews item, Intake.ActivationCardNotIdentified told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { State = BoardState.CardNotIdentified, CardProblem = told.Why });

    private Task On(ConsumeContext context, ItemInNews item, Intake.CoverEndedEarly told) =>
        Change(context, item, told.ActivationId, figures: f => f.CoverEndedEarly(told));

    private Task On(ConsumeContext context, ItemInNews item, Intake.ActivationClosed told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with { State = BoardState.Closed, ClosedAt = told.ClosedAt },
            figures: f => f.Closed(told));

    /// <summary>The carer was forgotten, or the activation outlived its retention: who reported it goes from the board too.</summary>
    private Task On(ConsumeContext context, ItemInNews item, Intake.ActivationPersonalDataShredded told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { ReportedBy = PersonalData.Erased });

    private Task On(ConsumeContext context, ItemInNews item, Intake.HandoverPackPrepared told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { HandoverPackDue = true });

    private Task On(ConsumeContext context, ItemInNews item, Intake.HandoverPackSent told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { HandoverPackDue = false });

    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitSet told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with
            {
                LimitAt = told.LimitAt,
                LimitHours = told.LimitHours,
                State = e.State < BoardState.CoverInProgress ? BoardState.CoverInProgress : e.State,
            },
            figures: f => f.LimitSet(told));

    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitReached told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with { Escalations = e.Escalations + 1, LastEscalation = "Cover limit reached" },
            figures: f => f.Reached(told));

    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitEscalated told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with
            {
                Escalations = e.Escalations + 1,
                LastEscalation = $"Limit breach escalated to {string.Join(" and ", told.Notify)}",
            },
            figures: f => f.Escalated(told));

    private Task On(ConsumeContext context, ItemInNews item, Escalation.ActivationUnstaffedTooLong told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with { Escalations = e.Escalations + 1, LastEscalation = "No worker on site in time" },
            figures: f => f.Unstaffed(told));

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferSent told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with
            {
                State = e.State < BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite ? BoardState.OfferOut : e.State,
                OfferTo = told.WorkerName,
                OfferUntil = told.DeadlineAt,
            },
            figures: f => f.Offered(told));

    /// <summary>A plan for several workers is still finding staff until the last place is filled.</summary>
    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferAccepted accepted)
    {
        var everyPlaceFilled = accepted.PlacesFilled >= accepted.PlacesNeeded;
        return Change(context, item, accepted.ActivationId, board: e => e is null ? null : e with
        {
            State = e.State < BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite && everyPlaceFilled ? BoardState.StaffOnTheWay : e.State,
            OfferUntil = everyPlaceFilled ? null : e.OfferUntil,
            PlacesNeeded = accepted.PlacesNeeded,
            PlacesFilled = Math.Max(e.PlacesFilled, accepted.PlacesFilled),
        });
    }

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferExpired told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { State = e.State == BoardState.OfferOut ? BoardState.FindingStaff : e.State });

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferDeclined told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { State = e.State == BoardState.OfferOut ? BoardState.FindingStaff : e.State });

    /// <summary>Cover is in progress once as many as the plan needs are on site; until then staff are still on the way.</summary>
    private Task On(ConsumeContext context, ItemInNews item, Rostering.WorkerArrived told) =>
        Change(context, item, told.ActivationId,
            board: e => e is null ? null : e with
            {
                // NobodyOnSite sorts before both, so it gives way to either.
                State = told.OnSiteNow < told.PlacesNeeded && told.Cover is null && e.LimitAt is null
                    ? (e.State < BoardState.StaffOnTheWay ? BoardState.StaffOnTheWay : e.State)
                    : e.State < BoardState.CoverInProgress ? BoardState.CoverInProgress : e.State,
                OfferTo = null,
                OnSite = told.OnSiteNow,
            },
            figures: f => told.Cover is { } cover ? f.Arrived(told).CoverStarted(cover) : f.Arrived(told));

    /// <summary>Only counts for a plan needing several workers: a companion leaving frees a place, which is offered again.</summary>
    private Task On(ConsumeContext context, ItemInNews item, Rostering.WorkerLeft told) =>
        told.PlacesNeeded > 1
            ? Change(context, item, told.ActivationId, board: e => e is null ? null : e with
            {
                OnSite = told.OnSiteNow,
                PlacesFilled = told.PlacesFilled,
                PlacesNeeded = told.PlacesNeeded,
            })
            : Task.CompletedTask;

    private Task On(ConsumeContext context, ItemInNews item, Rostering.CoverStarted told) =>
        Change(context, item, told.ActivationId, figures: f => f.CoverStarted(told));

    private Task On(ConsumeContext context, ItemInNews item, Rostering.NobodyOnSite told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with { State = e.State == BoardState.Closed ? e.State : BoardState.NobodyOnSite, OfferTo = null });

    private Task On(ConsumeContext context, ItemInNews item, Rostering.DispatchEscalated told) =>
        Change(context, item, told.ActivationId, board: e => e is null ? null : e with
        {
            Escalations = e.Escalations + 1,
            LastEscalation = $"Finding staff escalated: {told.Reason}",
        });

    /// <summary>
    /// Both views are inserted when new and updated with their version checked otherwise: two instances changing one
    /// activation at once fail one commit, and its retry reads the other's change instead of overwriting it. Messages
    /// arriving together are committed together (<see cref="GroupCommit"/>).
    /// </summary>
    private async Task Change(
        ConsumeContext context,
        ItemInNews item,
        Guid activationId,
        Func<BoardEntry?, BoardEntry?>? board = null,
        Func<ActivationFigures, ActivationFigures>? figures = null)
    {
        var messageId = item.MessageId;
        await commits.ApplyAsync(context, item, nameof(UpdateActivationViewsFromNews), async (session, cancellationToken) =>
        {
            var entry = board is null ? null : await GroupCommit.ReadAsync<BoardEntry>(session, activationId, cancellationToken);
            var known = figures is null ? null : await GroupCommit.ReadAsync<ActivationFigures>(session, activationId, cancellationToken);
            // Both views keep the ids of the messages they took in, stored with the change: a redelivery changes nothing.
            var changesBoard = board is not null && entry?.HandledMessages?.Contains(messageId) != true;
            var changesFigures = figures is not null && known?.HandledMessages?.Contains(messageId) != true;
            if (!changesBoard && !changesFigures)
            {
                return null;
            }

            var changedEntry = changesBoard ? board!(entry) ?? throw new NotOnTheBoardYetException(activationId) : null;
            changedEntry = changedEntry is null ? null : changedEntry with { HandledMessages = [.. changedEntry.HandledMessages ?? [], messageId] };
            var changedFigures = changesFigures ? figures!(known ?? new ActivationFigures(activationId)) : null;
            changedFigures = changedFigures is null ? null : changedFigures with { HandledMessages = [.. changedFigures.HandledMessages ?? [], messageId] };
            return writing =>
            {
                if (changedEntry is not null)
                {
                    GroupCommit.Keep(writing, activationId, entry, changedEntry);
                }

                if (changedFigures is not null)
                {
                    GroupCommit.Keep(writing, activationId, known, changedFigures);
                }
            };
        }, [.. board is null ? [] : new[] { DocumentRead.Of<BoardEntry>(activationId, e => e.Id) },
            .. figures is null ? [] : new[] { DocumentRead.Of<ActivationFigures>(activationId, f => f.Id) }],
            handledInDocuments: true);

        if (board is not null)
        {
            await hub.Clients.All.SendAsync(BoardHub.EntryChanged, activationId, context.CancellationToken);
        }
    }
}

/// <summary>A message about an activation the board has not heard opened yet: tried again shortly, the opening is on its way.</summary>
public sealed class NotOnTheBoardYetException(Guid activationId)
    : ArrivedBeforeItsCauseException($"Activation {activationId} is not on the board yet.");
