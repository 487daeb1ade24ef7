using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using Cards = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CrisisIntake.CardIndex;

/// <summary>
/// Keeps the phone line's <see cref="KnownCard"/>s from card lookup's messages. Every change is a merge by the instant
/// (or plan version) it carries, so a message delivered again or late changes nothing, and no handled record is kept.
/// Every change writes the carer's <see cref="KnownCarer"/> too: two changes for one carer at once (a card issued as
/// their plan is recorded, in two instances, or a card the phone line adds from card lookup's answer) collide on its
/// version, and the one retried sees the other. A carer's erasure is forgotten here with their activations
/// (<see cref="Activations.Privacy.ForgettingCarer"/>).
/// </summary>
public sealed class KeepingCardIndex(IDocumentSession session) :
    IConsumer<Cards.CardIssued>,
    IConsumer<Cards.CardRevoked>,
    IConsumer<Cards.CardReplaced>,
    IConsumer<Cards.EmergencyPlanChanged>
{
    public Task Consume(ConsumeContext<Cards.CardIssued> context) => TakeAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Cards.CardRevoked> context) => TakeAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Cards.CardReplaced> context) => TakeAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Cards.EmergencyPlanChanged> context) => TakeAsync(context.Message, context.CancellationToken);

    /// <summary>
    /// Queues in <paramref name="session"/> what one of card lookup's messages changes in the index, from the bus or taken
    /// again from card lookup (<see cref="ReconcilingCardIndex"/>). A card first heard of as it stops working is kept all
    /// the same: a call with it must not be taken as in use.
    /// </summary>
    public static Task ApplyAsync(IDocumentSession session, object message, CancellationToken cancellationToken) => message switch
    {
        Cards.CardIssued issued => ChangeAsync(session, issued.CardNumber, issued.CarerId, KnownCard.InUse, issued.IssuedAt, cancellationToken),
        // Withdrawn with its carer's erasure, which may not have reached crisis intake yet.
        Cards.CardRevoked revoked when KnownCard.Forgets(revoked.Reason) => ForgetCarerAsync(session, revoked.CarerId, cancellationToken),
        Cards.CardRevoked revoked => ChangeAsync(
            session, revoked.CardNumber, revoked.CarerId, KnownCard.StatusRevokedFor(revoked.Reason), revoked.RevokedAt, cancellationToken),
        Cards.CardReplaced replaced => ChangeAsync(session, replaced.OldCardNumber, replaced.CarerId, KnownCard.Replaced, replaced.At, cancellationToken),
        Cards.EmergencyPlanChanged plan => PlanChangedAsync(session, plan, cancellationToken),
        Cards.CarerErased erased => ForgetCarerAsync(session, erased.CarerId, cancellationToken),
        _ => Task.CompletedTask,
    };

    private static async Task PlanChangedAsync(IDocumentSession session, Cards.EmergencyPlanChanged plan, CancellationToken cancellationToken)
    {
        var known = await session.LoadAsync<KnownCarer>(plan.CarerId, cancellationToken);
        if (known is not null && known.PlanVersion >= plan.Version)
        {
            return;
        }

        var carer = new KnownCarer(plan.CarerId, plan.Version, plan.Nation, plan.Area);
        Write(session, known, carer);
        foreach (var card in await session.Query<KnownCard>().Where(c => c.CarerId == plan.CarerId).ToListAsync(cancellationToken))
        {
            session.Store(card.LivingIn(carer));
        }
    }

    /// <summary>Forgets the carer's cards and area, keeping their id alone so a late card message cannot bring a card back.</summary>
    public static async Task ForgetCarerAsync(IDocumentSession session, Guid carerId, CancellationToken cancellationToken)
    {
        var known = await session.LoadAsync<KnownCarer>(carerId, cancellationToken);
        if (known is { Erased: true })
        {
            return;
        }

        session.DeleteWhere<KnownCard>(c => c.CarerId == carerId);
        Write(session, known, KnownCarer.ErasedOne(carerId));
    }

    /// <summary>
    /// Inserted when new, otherwise updated against the version read: a write made meanwhile (another change, or a card
    /// the phone line added from card lookup's answer) makes this one fail, and the retry merges with it.
    /// </summary>
    private static void Write<T>(IDocumentSession session, T? known, T changed)
        where T : class
    {
        if (known is null)
        {
            session.Insert(changed);
        }
        else
        {
            session.Update(changed);
        }
    }

    /// <summary>
    /// Queues the card's status as of <paramref name="at"/>, unless a later one is known or its carer was erased; with
    /// <paramref name="answered"/> (card lookup's answer), the nation and area too where the index has none.
    /// </summary>
    public static async Task ChangeAsync(
        IDocumentSession session, string cardNumber, Guid carerId, string status, Instant at, CancellationToken cancellationToken, KnownCard? answered = null)
    {
        var carer = await session.LoadAsync<KnownCarer>(carerId, cancellationToken);
        if (carer is { Erased: true })
        {
            return;
        }

        var known = await session.LoadAsync<KnownCard>(cardNumber, cancellationToken);
        var changed = known?.With(status, at) ?? KnownCard.FirstHeard(cardNumber, carerId, status, at, carer);
        if (answered is not null)
        {
            changed = changed with { Nation = changed.Nation ?? answered.Nation, Area = changed.Area ?? answered.Area };
        }

        if (changed != known)
        {
            Write(session, carer, carer ?? KnownCarer.NoPlanYet(carerId));
            Write(session, known, changed);
        }
    }

    /// <summary>A change stored first by another is retried by the bus, logged without the exception's own words: they name the card.</summary>
    private async Task TakeAsync(object message, CancellationToken cancellationToken)
    {
        await ApplyAsync(session, message, cancellationToken);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (StreamConflicts.IsConflict(e))
        {
            throw new CardIndexChangedMeanwhileException();
        }
    }
}

public sealed class CardIndexChangedMeanwhileException()
    : Exception("Another change to this carer's cards was stored first; the message is taken again.");

/// <summary>
/// One message at a time in each instance: card and plan messages are few, and a card issued as its carer's plan is
/// recorded then never collides with it here (between instances the versions still keep them apart).
/// </summary>
public sealed class KeepingCardIndexDefinition : ConsumerDefinition<KeepingCardIndex>
{
    public KeepingCardIndexDefinition() => ConcurrentMessageLimit = 1;
}
