using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Listing;

/// <summary>One of a carer's cards as the register lists them: what became of it, and when.</summary>
public sealed record CarerCardView(
    string CardNumber,
    string CardNumberGrouped,
    CardStatus Status,
    bool Works,
    string? ReplacesCardNumber,
    string? ReplacedByCardNumber,
    string? StatusReason,
    Instant IssuedAt,
    Instant StatusChangedAt)
{
    public static CarerCardView Of(Card card) => new(
        card.CardNumber, Numbers.CardNumber.Grouped(card.CardNumber), card.Status, card.Works, card.ReplacesCardNumber,
        card.ReplacedByCardNumber, card.StatusReason, card.IssuedAt, card.StatusChangedAt);
}

public static class ListCarerCardsSlice
{
    /// <summary>
    /// Every card the carer was issued, newest first, whatever became of it (lost, replaced, withdrawn), from the card
    /// index by its carer column. An erased carer's cards are still listed: a card number says nothing by itself.
    /// </summary>
    public static async Task<IResult> Handle(Guid carerId, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Carer>(carerId, cancellationToken) is null)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        var cards = await session.Query<CardIndex>().Where(c => c.Card.CarerId == carerId).ToListAsync(cancellationToken);
        return Results.Ok(cards.Select(c => c.Card)
            .OrderByDescending(c => c.IssuedAt)
            .ThenBy(c => c.Works ? 0 : 1)
            .Select(CarerCardView.Of)
            .ToList());
    }
}
