using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.CardLookup.Activations;

/// <summary>
/// Keeps <see cref="CoverAccess"/> from the messages that open, identify and close activations and that put workers
/// on cover and take them off. Every change is a merge, so a message delivered again changes nothing and no handled
/// record is stored for it; two instances changing one activation at once collide on the document's version and the
/// loser is retried.
/// </summary>
public sealed class KeepingCoverAccess(GroupCommit commits) :
    IConsumer<Intake.ActivationOpened>,
    IConsumer<Intake.ActivationCardVerified>,
    IConsumer<Intake.ActivationClosed>,
    IConsumer<Rostering.OfferAccepted>,
    IConsumer<Rostering.WorkerLeft>
{
    public Task Consume(ConsumeContext<Intake.ActivationOpened> context) =>
        Change(context, context.Message.ActivationId, a => context.Message.Card is { } card
            ? a.Opened(context.Message.OpenedAt).Identified(card.CarerId)
            : a.Opened(context.Message.OpenedAt));

    public Task Consume(ConsumeContext<Intake.ActivationCardVerified> context) =>
        Change(context, context.Message.ActivationId, a => a.Identified(context.Message.CarerId));

    public Task Consume(ConsumeContext<Intake.ActivationClosed> context) =>
        Change(context, context.Message.ActivationId, a => a.Closed(context.Message.ClosedAt));

    public Task Consume(ConsumeContext<Rostering.OfferAccepted> context) =>
        Change(context, context.Message.ActivationId, a => a.Accepted(context.Message.WorkerId, context.Message.AcceptedAt));

    public Task Consume(ConsumeContext<Rostering.WorkerLeft> context) =>
        Change(context, context.Message.ActivationId, a => a.Left(context.Message.WorkerId, context.Message.LeftAt));

    /// <summary>Messages arriving together are committed together (<see cref="GroupCommit"/>).</summary>
    private Task Change(ConsumeContext context, Guid activationId, Func<CoverAccess, CoverAccess> change) =>
        commits.ApplyAsync(context, nameof(KeepingCoverAccess), async (session, cancellationToken) =>
        {
            var known = await GroupCommit.ReadAsync<CoverAccess>(session, activationId, cancellationToken);
            var changed = change(known ?? CoverAccess.New(activationId));
            return known is not null && changed.SameAs(known) ? null : writing => GroupCommit.Keep(writing, activationId, known, changed);
        }, [DocumentRead.Of<CoverAccess>(activationId, a => a.Id)], handledInDocuments: true);
}
