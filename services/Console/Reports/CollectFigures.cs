using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Reports;

/// <summary>Keeps each activation's <see cref="ActivationFigures"/> up to date from the services' messages, once per message id.</summary>
public sealed class CollectFigures(IDocumentSession session, IClock clock) :
    IConsumer<Intake.ActivationOpened>,
    IConsumer<Intake.CoverEndedEarly>,
    IConsumer<Intake.ActivationClosed>,
    IConsumer<Rostering.OfferSent>,
    IConsumer<Rostering.WorkerArrived>,
    IConsumer<Rostering.CoverStarted>,
    IConsumer<Escalation.CoverLimitSet>,
    IConsumer<Escalation.CoverLimitReached>,
    IConsumer<Escalation.CoverLimitEscalated>,
    IConsumer<Escalation.ActivationUnstaffedTooLong>
{
    public Task Consume(ConsumeContext<Intake.ActivationOpened> context) => Change(context, context.Message.ActivationId, f => f.Opened(context.Message));

    public Task Consume(ConsumeContext<Intake.CoverEndedEarly> context) => Change(context, context.Message.ActivationId, f => f.CoverEndedEarly(context.Message));

    public Task Consume(ConsumeContext<Intake.ActivationClosed> context) => Change(context, context.Message.ActivationId, f => f.Closed(context.Message));

    public Task Consume(ConsumeContext<Rostering.OfferSent> context) => Change(context, context.Message.ActivationId, f => f.Offered(context.Message));

    public Task Consume(ConsumeContext<Rostering.WorkerArrived> context) => Change(context, context.Message.ActivationId, f => f.Arrived(context.Message));

    public Task Consume(ConsumeContext<Rostering.CoverStarted> context) => Change(context, context.Message.ActivationId, f => f.CoverStarted(context.Message));

    public Task Consume(ConsumeContext<Escalation.CoverLimitSet> context) => Change(context, context.Message.ActivationId, f => f.LimitSet(context.Message));

    public Task Consume(ConsumeContext<Escalation.CoverLimitReached> context) => Change(context, context.Message.ActivationId, f => f.Reached(context.Message));

    public Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context) => Change(context, context.Message.ActivationId, f => f.Escalated(context.Message));

    public Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context) => Change(context, context.Message.ActivationId, f => f.Unstaffed(context.Message));

    private async Task Change(ConsumeContext context, Guid activationId, Func<ActivationFigures, ActivationFigures> change)
    {
        var existing = await session.LoadAsync<ActivationFigures>(activationId, context.CancellationToken);
        session.MarkHandled(context, nameof(CollectFigures), clock.GetCurrentInstant());

        // Insert for a new activation and a version-checked update otherwise: two instances changing the same figures at
        // once fail one save, and the retry reads the other's change instead of overwriting it.
        if (existing is null)
        {
            session.Insert(change(new ActivationFigures(activationId)));
        }
        else
        {
            session.Update(change(existing));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>One message at a time per instance: figures of one activation are changed by several messages in quick succession.</summary>
public sealed class CollectFiguresDefinition : ConsumerDefinition<CollectFigures>
{
    public CollectFiguresDefinition() => ConcurrentMessageLimit = 1;
}
