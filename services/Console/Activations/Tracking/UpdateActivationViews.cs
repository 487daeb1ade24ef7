using Cers.Dispatch.Console.Board;
using Cers.Dispatch.Console.Reports;
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
/// <see cref="ActivationFigures"/>, from the services' messages: read with those of every message in the same commit, one
/// statement a view, and each change to the board pushed to open browsers.
/// </summary>
public sealed class UpdateActivationViews(GroupCommit commits, IHubContext<BoardHub> hub) :
    IConsumer<Intake.ActivationOpened>,
    IConsumer<Intake.ActivationCardVerified>,
    IConsumer<Intake.ActivationCardNotIdentified>,
    IConsumer<Intake.CoverEndedEarly>,
    IConsumer<Intake.ActivationClosed>,
    IConsumer<Intake.ActivationPersonalDataShredded>,
    IConsumer<Intake.HandoverPackPrepared>,
    IConsumer<Intake.HandoverPackSent>,
    IConsumer<Escalation.CoverLimitSet>,
    IConsumer<Escalation.CoverLimitReached>,
    IConsumer<Escalation.CoverLimitEscalated>,
    IConsumer<Escalation.ActivationUnstaffedTooLong>,
    IConsumer<Rostering.OfferSent>,
    IConsumer<Rostering.OfferAccepted>,
    IConsumer<Rostering.OfferExpired>,
    IConsumer<Rostering.OfferDeclined>,
    IConsumer<Rostering.WorkerArrived>,
    IConsumer<Rostering.WorkerLeft>,
    IConsumer<Rostering.CoverStarted>,
    IConsumer<Rostering.DispatchEscalated>,
    IConsumer<Rostering.NobodyOnSite>
{
    public Task Consume(ConsumeContext<Intake.ActivationOpened> context)
    {
        var opened = context.Message;
        return Change(context, opened.ActivationId,
            board: existing =>
            {
                var entry = existing ?? new BoardEntry(
                    opened.ActivationId, opened.Channel, opened.CardNumber, opened.Reason,
                    $"{opened.ReportedByName} ({opened.ReportedByAgency})", opened.OpenedAt, BoardState.AwaitingCardCheck);
                return opened.Card is { } card ? Verified(entry, card) : entry;
            },
            figures: f => f.Opened(opened));
    }

    public Task Consume(ConsumeContext<Intake.ActivationCardVerified> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : Verified(e, context.Message));

    private static BoardEntry Verified(BoardEntry entry, Intake.ActivationCardVerified card) => entry with
    {
        CardNumber = card.CardNumber,
        Area = card.Area,
        State = entry.State <= BoardState.AwaitingCardCheck ? BoardState.FindingStaff : entry.State,
        CardProblem = null,
    };

    public Task Consume(ConsumeContext<Intake.ActivationCardNotIdentified> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { State = BoardState.CardNotIdentified, CardProblem = context.Message.Why });

    public Task Consume(ConsumeContext<Intake.CoverEndedEarly> context) =>
        Change(context, context.Message.ActivationId, figures: f => f.CoverEndedEarly(context.Message));

    public Task Consume(ConsumeContext<Intake.ActivationClosed> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with { State = BoardState.Closed, ClosedAt = context.Message.ClosedAt },
            figures: f => f.Closed(context.Message));

    /// <summary>The carer was forgotten, or the activation outlived its retention: who reported it goes from the board too.</summary>
    public Task Consume(ConsumeContext<Intake.ActivationPersonalDataShredded> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { ReportedBy = PersonalData.Erased });

    public Task Consume(ConsumeContext<Intake.HandoverPackPrepared> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { HandoverPackDue = true });

    public Task Consume(ConsumeContext<Intake.HandoverPackSent> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { HandoverPackDue = false });

    public Task Consume(ConsumeContext<Escalation.CoverLimitSet> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with
            {
                LimitAt = context.Message.LimitAt,
                LimitHours = context.Message.LimitHours,
                State = e.State < BoardState.CoverInProgress ? BoardState.CoverInProgress : e.State,
            },
            figures: f => f.LimitSet(context.Message));

    public Task Consume(ConsumeContext<Escalation.CoverLimitReached> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with { Escalations = e.Escalations + 1, LastEscalation = "Cover limit reached" },
            figures: f => f.Reached(context.Message));

    public Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with
            {
                Escalations = e.Escalations + 1,
                LastEscalation = $"Limit breach escalated to {string.Join(" and ", context.Message.Notify)}",
            },
            figures: f => f.Escalated(context.Message));

    public Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with { Escalations = e.Escalations + 1, LastEscalation = "No worker on site in time" },
            figures: f => f.Unstaffed(context.Message));

    public Task Consume(ConsumeContext<Rostering.OfferSent> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with
            {
                State = e.State < BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite ? BoardState.OfferOut : e.State,
                OfferTo = context.Message.WorkerName,
                OfferUntil = context.Message.DeadlineAt,
            },
            figures: f => f.Offered(context.Message));

    /// <summary>A plan for several workers is still finding staff until the last place is filled.</summary>
    public Task Consume(ConsumeContext<Rostering.OfferAccepted> context)
    {
        var accepted = context.Message;
        var everyPlaceFilled = accepted.PlacesFilled >= accepted.PlacesNeeded;
        return Change(context, accepted.ActivationId, board: e => e is null ? null : e with
        {
            State = e.State < BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite && everyPlaceFilled ? BoardState.StaffOnTheWay : e.State,
            OfferUntil = everyPlaceFilled ? null : e.OfferUntil,
            PlacesNeeded = accepted.PlacesNeeded,
            PlacesFilled = Math.Max(e.PlacesFilled, accepted.PlacesFilled),
        });
    }

    public Task Consume(ConsumeContext<Rostering.OfferExpired> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { State = e.State == BoardState.OfferOut ? BoardState.FindingStaff : e.State });

    public Task Consume(ConsumeContext<Rostering.OfferDeclined> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { State = e.State == BoardState.OfferOut ? BoardState.FindingStaff : e.State });

    /// <summary>Cover is in progress once as many as the plan needs are on site; until then staff are still on the way.</summary>
    public Task Consume(ConsumeContext<Rostering.WorkerArrived> context) =>
        Change(context, context.Message.ActivationId,
            board: e => e is null ? null : e with
            {
                // NobodyOnSite sorts before both, so it gives way to either.
                State = context.Message.OnSiteNow < context.Message.PlacesNeeded && context.Message.Cover is null && e.LimitAt is null
                    ? (e.State < BoardState.StaffOnTheWay ? BoardState.StaffOnTheWay : e.State)
                    : e.State < BoardState.CoverInProgress ? BoardState.CoverInProgress : e.State,
                OfferTo = null,
                OnSite = context.Message.OnSiteNow,
            },
            figures: f => context.Message.Cover is { } cover ? f.Arrived(context.Message).CoverStarted(cover) : f.Arrived(context.Message));

    /// <summary>Only counts for a plan needing several workers: a companion leaving frees a place, which is offered again.</summary>
    public Task Consume(ConsumeContext<Rostering.WorkerLeft> context) =>
        context.Message.PlacesNeeded > 1
            ? Change(context, context.Message.ActivationId, board: e => e is null ? null : e with
            {
                OnSite = context.Message.OnSiteNow,
                PlacesFilled = context.Message.PlacesFilled,
                PlacesNeeded = context.Message.PlacesNeeded,
            })
            : Task.CompletedTask;

    public Task Consume(ConsumeContext<Rostering.CoverStarted> context) =>
        Change(context, context.Message.ActivationId, figures: f => f.CoverStarted(context.Message));

    public Task Consume(ConsumeContext<Rostering.NobodyOnSite> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with { State = e.State == BoardState.Closed ? e.State : BoardState.NobodyOnSite, OfferTo = null });

    public Task Consume(ConsumeContext<Rostering.DispatchEscalated> context) =>
        Change(context, context.Message.ActivationId, board: e => e is null ? null : e with
        {
            Escalations = e.Escalations + 1,
            LastEscalation = $"Finding staff escalated: {context.Message.Reason}",
        });

    /// <summary>
    /// Both views are inserted when new and updated with their version checked otherwise: two instances changing one
    /// activation at once fail one commit, and its retry reads the other's change instead of overwriting it. Messages
    /// arriving together are committed together (<see cref="GroupCommit"/>).
    /// </summary>
    private async Task Change(
        ConsumeContext context,
        Guid activationId,
        Func<BoardEntry?, BoardEntry?>? board = null,
        Func<ActivationFigures, ActivationFigures>? figures = null)
    {
        var messageId = context.MessageId ?? Guid.Empty;
        await commits.ApplyAsync(context, nameof(UpdateActivationViews), async (session, cancellationToken) =>
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
