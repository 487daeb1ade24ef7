using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using NodaTime;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Board;

/// <summary>Keeps the board's read model up to date from the services' messages and pushes each change to open browsers.</summary>
public sealed class UpdateBoard(IDocumentSession session, IHubContext<BoardHub> hub, IClock clock) :
    IConsumer<Intake.ActivationOpened>,
    IConsumer<Intake.ActivationCardVerified>,
    IConsumer<Intake.ActivationCardNotIdentified>,
    IConsumer<Intake.ActivationClosed>,
    IConsumer<Intake.ActivationPersonalDataShredded>,
    IConsumer<Escalation.CoverLimitSet>,
    IConsumer<Escalation.CoverLimitReached>,
    IConsumer<Escalation.CoverLimitEscalated>,
    IConsumer<Escalation.ActivationUnstaffedTooLong>,
    IConsumer<Rostering.OfferSent>,
    IConsumer<Rostering.OfferAccepted>,
    IConsumer<Rostering.OfferExpired>,
    IConsumer<Rostering.OfferDeclined>,
    IConsumer<Rostering.WorkerArrived>,
    IConsumer<Rostering.DispatchEscalated>,
    IConsumer<Rostering.NobodyOnSite>
{
    public Task Consume(ConsumeContext<Intake.ActivationOpened> context) =>
        Change(context, context.Message.ActivationId, existing => existing ?? new BoardEntry(
            context.Message.ActivationId,
            context.Message.Channel,
            context.Message.CardNumber,
            context.Message.Reason,
            $"{context.Message.ReportedByName} ({context.Message.ReportedByAgency})",
            context.Message.OpenedAt,
            BoardState.AwaitingCardCheck));

    public Task Consume(ConsumeContext<Intake.ActivationCardVerified> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with
        {
            CardNumber = context.Message.CardNumber,
            Area = context.Message.Area,
            State = e.State <= BoardState.AwaitingCardCheck ? BoardState.FindingStaff : e.State,
            CardProblem = null,
        });

    public Task Consume(ConsumeContext<Intake.ActivationCardNotIdentified> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { State = BoardState.CardNotIdentified, CardProblem = context.Message.Why });

    public Task Consume(ConsumeContext<Intake.ActivationClosed> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { State = BoardState.Closed, ClosedAt = context.Message.ClosedAt });

    /// <summary>The carer was forgotten, or the activation outlived its retention: who reported it goes from the board too.</summary>
    public Task Consume(ConsumeContext<Intake.ActivationPersonalDataShredded> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { ReportedBy = PersonalData.Erased });

    public Task Consume(ConsumeContext<Escalation.CoverLimitSet> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with
        {
            LimitAt = context.Message.LimitAt,
            LimitHours = context.Message.LimitHours,
            State = e.State < BoardState.CoverInProgress ? BoardState.CoverInProgress : e.State,
        });

    public Task Consume(ConsumeContext<Escalation.CoverLimitReached> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { Escalations = e.Escalations + 1, LastEscalation = "Cover limit reached" });

    public Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with
        {
            Escalations = e.Escalations + 1,
            LastEscalation = $"Limit breach escalated to {string.Join(" and ", context.Message.Notify)}",
        });

    public Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { Escalations = e.Escalations + 1, LastEscalation = "No worker on site in time" });

    public Task Consume(ConsumeContext<Rostering.OfferSent> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with
        {
            State = e.State < BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite ? BoardState.OfferOut : e.State,
            OfferTo = context.Message.WorkerName,
            OfferUntil = context.Message.DeadlineAt,
        });

    public Task Consume(ConsumeContext<Rostering.OfferAccepted> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with
        {
            State = e.State < BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite ? BoardState.StaffOnTheWay : e.State,
            OfferUntil = null,
        });

    public Task Consume(ConsumeContext<Rostering.OfferExpired> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { State = e.State == BoardState.OfferOut ? BoardState.FindingStaff : e.State });

    public Task Consume(ConsumeContext<Rostering.OfferDeclined> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { State = e.State == BoardState.OfferOut ? BoardState.FindingStaff : e.State });

    public Task Consume(ConsumeContext<Rostering.WorkerArrived> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { State = e.State < BoardState.CoverInProgress ? BoardState.CoverInProgress : e.State, OfferTo = null });

    public Task Consume(ConsumeContext<Rostering.NobodyOnSite> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with { State = e.State == BoardState.Closed ? e.State : BoardState.NobodyOnSite, OfferTo = null });

    public Task Consume(ConsumeContext<Rostering.DispatchEscalated> context) =>
        Change(context, context.Message.ActivationId, e => e is null ? null : e with
        {
            Escalations = e.Escalations + 1,
            LastEscalation = $"Finding staff escalated: {context.Message.Reason}",
        });

    private async Task Change(ConsumeContext context, Guid activationId, Func<BoardEntry?, BoardEntry?> change)
    {
        var existing = await session.LoadAsync<BoardEntry>(activationId, context.CancellationToken);
        session.MarkHandled(context, nameof(UpdateBoard), clock.GetCurrentInstant());

        if (change(existing) is not { } changed)
        {
            throw new NotOnTheBoardYetException(activationId);
        }

        session.Store(changed);
        await session.SaveChangesAsync(context.CancellationToken);
        await hub.Clients.All.SendAsync(BoardHub.EntryChanged, activationId, context.CancellationToken);
    }
}

/// <summary>A message about an activation the board has not heard opened yet: tried again shortly, the opening is on its way.</summary>
public sealed class NotOnTheBoardYetException(Guid activationId)
    : ArrivedBeforeItsCauseException($"Activation {activationId} is not on the board yet.");
