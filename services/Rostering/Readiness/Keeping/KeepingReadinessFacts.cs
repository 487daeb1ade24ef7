using Cers.Dispatch.Rostering.Readiness.Assessing;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.Rostering.Readiness.Keeping;

/// <summary>
/// Keeps each carer's readiness facts as card lookup tells them (cards, the plan's outline, contacts confirmed, consent)
/// and assesses the card again in the same transaction. Two messages about one carer at once meet on the document's
/// version: the second decides again on what the first stored.
/// </summary>
public sealed class KeepingReadinessFacts(IDocumentStore store, ReadinessAssessor assessor, IClock clock) :
    IConsumer<Published.EmergencyPlanChanged>,
    IConsumer<Published.EmergencyContactsConfirmed>,
    IConsumer<Published.PlanConsentRecorded>,
    IConsumer<Published.CardIssued>,
    IConsumer<Published.CardRevoked>,
    IConsumer<Published.CardReplaced>,
    IConsumer<Published.CarerErased>
{
    private const int ConflictRetries = 5;

    public Task Consume(ConsumeContext<Published.EmergencyPlanChanged> context) => KeepAsync(context, context.Message.CarerId, card => card.With(context.Message));

    public Task Consume(ConsumeContext<Published.EmergencyContactsConfirmed> context) => KeepAsync(context, context.Message.CarerId, card => card.With(context.Message));

    public Task Consume(ConsumeContext<Published.PlanConsentRecorded> context) => KeepAsync(context, context.Message.CarerId, card => card.With(context.Message));

    public Task Consume(ConsumeContext<Published.CardIssued> context) =>
        KeepAsync(context, context.Message.CarerId, card => card.WithCard(context.Message.CardNumber, works: true, context.Message.IssuedAt));

    public Task Consume(ConsumeContext<Published.CardRevoked> context) =>
        KeepAsync(context, context.Message.CarerId, card => card.WithCard(context.Message.CardNumber, works: false, context.Message.RevokedAt));

    public Task Consume(ConsumeContext<Published.CardReplaced> context) => KeepAsync(context, context.Message.CarerId, card => card
        .WithCard(context.Message.OldCardNumber, works: false, context.Message.At)
        .WithCard(context.Message.NewCardNumber, works: true, context.Message.At));

    /// <summary>
    /// The carer is forgotten: nothing about them is kept here but that they were erased, so a message about them still on
    /// its way (a card issued before the erasure) cannot bring their card back onto the list.
    /// </summary>
    public Task Consume(ConsumeContext<Published.CarerErased> context) =>
        KeepAsync(context, context.Message.CarerId, card => new CardReadiness(card.Id, card.TrackedSince) { ErasedAt = context.Message.ErasedAt });

    private async Task KeepAsync(ConsumeContext context, Guid carerId, Func<CardReadiness, CardReadiness> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var now = clock.GetCurrentInstant();
            session.MarkHandled(context, nameof(KeepingReadinessFacts), now);
            var known = await session.LoadAsync<CardReadiness>(carerId, context.CancellationToken);
            if (known?.ErasedAt is not null)
            {
                await session.SaveChangesAsync(context.CancellationToken);
                return;
            }

            var coverage = await assessor.CoverageAsync(session, now, context.CancellationToken);
            var assessed = ReadinessRules.Assess(change(known ?? new CardReadiness(carerId, now)), coverage, assessor.Options, now);
            if (known is null)
            {
                session.Insert(assessed);
            }
            else
            {
                session.Store(assessed);
            }

            assessor.OweTick(session, assessed, now);

            try
            {
                await session.SaveChangesAsync(context.CancellationToken);
                return;
            }
            catch (Exception e) when (CardReadiness.StoredFirstByAnother(e) && attempt < ConflictRetries && !IdempotentConsumption.IsHandledBefore(e))
            {
                // Another message about the carer stored first: decide again on what it stored.
            }
        }
    }
}
