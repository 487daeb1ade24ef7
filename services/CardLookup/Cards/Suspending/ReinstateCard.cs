using Cers.Dispatch.CardLookup.Common;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Suspending;

public sealed record ReinstateCardRequest(string? ReinstatedBy);

public sealed record ReinstateCard(string ReinstatedBy, Instant Now);

public static class ReinstateCardSlice
{
    public static object[] Decide(ReinstateCard command, Card card) => card.Status switch
    {
        CardStatus.Suspended => [new CardReinstated(card.Id, card.CardNumber, card.CarerId, command.ReinstatedBy, command.Now)],
        CardStatus.Active => [],
        CardStatus.Lost or CardStatus.Stolen => throw new DomainRuleViolated("A lost or stolen card is never reinstated: issue a replacement with a new number."),
        CardStatus.Withdrawn => throw CardRules.Withdrawn(),
        _ => throw new DomainRuleViolated($"The card was replaced by {card.ReplacedByCardNumber}."),
    };

    public static async Task<IResult> Handle(string cardNumber, ReinstateCardRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var by = errors.Required("reinstatedBy", request.ReinstatedBy);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var command = new ReinstateCard(by, clock.GetCurrentInstant());
        var (stream, refusal) = await CardStreams.ForWritingAsync(session, cardNumber, cancellationToken);
        return refusal ?? await CardStreams.DecideAndSaveAsync(session, stream!, card => Decide(command, card), cancellationToken);
    }
}
