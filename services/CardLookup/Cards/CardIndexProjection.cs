using Marten.Events.Projections;

namespace Cers.Dispatch.CardLookup.Cards;

/// <summary>Keeps <see cref="CardIndex"/> keyed by the card number, in the same transaction as the card's events.</summary>
public sealed partial class CardIndexProjection : MultiStreamProjection<CardIndex, string>
{
    public CardIndexProjection()
    {
        Identity<CardIssued>(e => e.CardNumber);
        Identity<CardReportedLost>(e => e.CardNumber);
        Identity<CardSuspended>(e => e.CardNumber);
        Identity<CardReinstated>(e => e.CardNumber);
        Identity<CardReplaced>(e => e.CardNumber);
        Identity<CardWithdrawn>(e => e.CardNumber);
    }

    public static CardIndex Create(CardIssued e) => new(e.CardNumber, Card.Create(e));

    public static CardIndex Apply(CardReportedLost e, CardIndex index) => index with { Card = index.Card.Apply(e) };

    public static CardIndex Apply(CardSuspended e, CardIndex index) => index with { Card = index.Card.Apply(e) };

    public static CardIndex Apply(CardReinstated e, CardIndex index) => index with { Card = index.Card.Apply(e) };

    public static CardIndex Apply(CardReplaced e, CardIndex index) => index with { Card = index.Card.Apply(e) };

    public static CardIndex Apply(CardWithdrawn e, CardIndex index) => index with { Card = index.Card.Apply(e) };
}
