using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.CardLookup.Activations;

/// <summary>
/// Keeps <see cref="CoverAccess"/> from the messages that open, identify and close activations and that put workers
/// on cover and take them off. Idempotent on the message id; two messages for one activation at once collide on the
/// document's version and the loser is retried.
/// </summary>
public sealed class KeepingCoverAccess(IDocumentSession session, IClock clock) :
    IConsumer<Intake.ActivationOpened>,
    IConsumer<Intake.ActivationCardVerified>,
    IConsumer<Intake.ActivationClosed>,
    IConsumer<Rostering.OfferAccepted>,
    IConsumer<Rostering.WorkerLeft>
{
    public Task Consume(ConsumeContext<Intake.ActivationOpened> context) =>
        Change(context, context.Message.ActivationId, a => a.Opened(context.Message.OpenedAt));

    public Task Consume(ConsumeContext<Intake.ActivationCardVerified> context) =>
        Change(context, context.Message.ActivationId, a => a.Identified(context.Message.CarerId));

    public Task Consume(ConsumeContext<Intake.ActivationClosed> context) =>
        Change(context, context.Message.ActivationId, a => a.Closed(context.Message.ClosedAt));

    public Task Consume(ConsumeContext<Rostering.OfferAccepted> context) =>
        Change(context, context.Message.ActivationId, a => a.Accepted(context.Message.WorkerId, context.Message.AcceptedAt));

    public Task Consume(ConsumeContext<Rostering.WorkerLeft> context) =>
        Change(context, context.Message.ActivationId, a => a.Left(context.Message.WorkerId, context.Message.LeftAt));

    private async Task Change<T>(ConsumeContext<T> context, Guid activationId, Func<CoverAccess, CoverAccess> change) where T : class
    {
        session.MarkHandled(context, nameof(KeepingCoverAccess), clock.GetCurrentInstant());

        if (await session.LoadAsync<CoverAccess>(activationId, context.CancellationToken) is { } known)
        {
            session.Store(change(known));
        }
        else
        {
            session.Insert(change(CoverAccess.New(activationId)));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}
