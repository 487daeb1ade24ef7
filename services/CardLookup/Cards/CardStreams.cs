using Cers.Dispatch.CardLookup.Cards.Numbers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using JasperFx.Events;
using Marten;

namespace Cers.Dispatch.CardLookup.Cards;

public static class CardStreams
{
    public static IResult NotValid(CardNumberProblem problem) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Card number not valid",
        detail: problem == CardNumberProblem.CheckDigitWrong
            ? "The check digit does not match: a digit was misheard or two were swapped. Read the number again."
            : "A card number is 12 digits, read in groups of four; spaces and dashes are allowed.",
        extensions: new Dictionary<string, object?> { ["reason"] = problem == CardNumberProblem.CheckDigitWrong ? "check-digit" : "format" });

    public static IResult NoSuchCard(string digits) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such card",
        detail: $"The number {CardNumber.Grouped(digits)} is a valid card number, but no card with it was issued.");

    /// <summary>The card's stream, ready to append to, found from the number as written on it; or the answer to give instead.</summary>
    public static async Task<(IEventStream<Card>? Stream, IResult? Refusal)> ForWritingAsync(
        IDocumentSession session, string cardNumber, CancellationToken cancellationToken)
    {
        var (digits, problem) = CardNumber.Parse(cardNumber);
        if (digits is null)
        {
            return (null, NotValid(problem));
        }

        if (await session.LoadAsync<CardIndex>(digits, cancellationToken) is not { } index)
        {
            return (null, NoSuchCard(digits));
        }

        var stream = await session.Events.FetchForWriting<Card>(index.Card.Id, cancellationToken);
        return (stream, null);
    }

    /// <summary>Appends what the decision produced and saves, or answers 409 when the card's state does not allow it.</summary>
    public static async Task<IResult> DecideAndSaveAsync(
        IDocumentSession session, IEventStream<Card> stream, Func<Card, object[]> decide, CancellationToken cancellationToken)
    {
        try
        {
            var events = decide(stream.Aggregate!);
            stream.AppendMany(events);
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            var card = events.Aggregate(stream.Aggregate!, Evolve);
            return Results.Ok(CardView.Of(card));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }

    public static Card Evolve(Card card, object e) => e switch
    {
        CardReportedLost lost => card.Apply(lost),
        CardSuspended suspended => card.Apply(suspended),
        CardReinstated reinstated => card.Apply(reinstated),
        CardReplaced replaced => card.Apply(replaced),
        CardWithdrawn withdrawn => card.Apply(withdrawn),
        _ => card,
    };
}

public sealed record CardView(string CardNumber, string CardNumberGrouped, Guid CarerId, CardStatus Status, bool Works, string? ReplacesCardNumber, string? ReplacedByCardNumber, string? StatusReason)
{
    public static CardView Of(Card card) => new(
        card.CardNumber, Numbers.CardNumber.Grouped(card.CardNumber), card.CarerId, card.Status, card.Works,
        card.ReplacesCardNumber, card.ReplacedByCardNumber, card.StatusReason);
}
