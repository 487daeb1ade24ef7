using Cers.Dispatch.CardLookup.Cards.Numbers;
using Marten;

namespace Cers.Dispatch.CardLookup.Cards;

public static class GetCardSlice
{
    public static async Task<IResult> Handle(string cardNumber, IQuerySession session, CancellationToken cancellationToken)
    {
        var (digits, problem) = CardNumber.Parse(cardNumber);
        if (digits is null)
        {
            return CardStreams.NotValid(problem);
        }

        return await session.LoadAsync<CardIndex>(digits, cancellationToken) is { } index
            ? Results.Ok(CardView.Of(index.Card))
            : CardStreams.NoSuchCard(digits);
    }
}
