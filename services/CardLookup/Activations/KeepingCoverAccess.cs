using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.CardLookup.Activations;

/// <summary>
/// Keeps <see cref="CoverAccess"/> from crisis intake's and rostering's news (<see cref="TakingInNews"/>): the messages
/// that open, identify and close activations and that put workers on cover and take them off. Every change is a merge,
/// so a message delivered again changes nothing and no handled record is stored for it; two instances changing one
/// activation at once collide on the document's version and the loser is retried.
/// </summary>
public sealed class KeepingCoverAccess(GroupCommit commits)
{
    public Task Take(ConsumeContext context, ItemInNews item, Intake.IIntakeNews told) => told switch
    {
        Intake.ActivationOpened opened => Change(context, item, opened.ActivationId, a => opened.Card is { } card
            ? a.Opened(opened.OpenedAt).Identified(card.CarerId)
            : a.Opened(opened.OpenedAt)),
        Intake.ActivationCardVerified verified => Change(context, item, verified.ActivationId, a => a.Identified(verified.CarerId)),
        Intake.ActivationClosed closed => Change(context, item, closed.ActivationId, a => a.Closed(closed.ClosedAt)),
        _ => Task.CompletedTask,
    };

    public Task Take(ConsumeContext context, ItemInNews item, Rostering.IRosteringNews told) => told switch
    {
        Rostering.OfferAccepted accepted => Change(context, item, accepted.ActivationId, a => a.Accepted(accepted.WorkerId, accepted.AcceptedAt)),
        Rostering.WorkerLeft left => Change(context, item, left.ActivationId, a => a.Left(left.WorkerId, left.LeftAt)),
        _ => Task.CompletedTask,
    };

    /// <summary>Messages arriving together are committed together (<see cref="GroupCommit"/>).</summary>
    private Task Change(ConsumeContext context, ItemInNews item, Guid activationId, Func<CoverAccess, CoverAccess> change) =>
        commits.ApplyAsync(context, item, nameof(KeepingCoverAccess), async (session, cancellationToken) =>
        {
            var known = await GroupCommit.ReadAsync<CoverAccess>(session, activationId, cancellationToken);
            var changed = change(known ?? CoverAccess.New(activationId));
            return known is not null && changed.SameAs(known) ? null : writing => GroupCommit.Keep(writing, activationId, known, changed);
        }, [DocumentRead.Of<CoverAccess>(activationId, a => a.Id)], handledInDocuments: true);
}
