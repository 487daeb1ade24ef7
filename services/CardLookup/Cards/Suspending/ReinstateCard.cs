using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Suspending;

public sealed record ReinstateCardRequest(string? ReinstatedBy);

public sealed class ReinstateCardValidator : AbstractValidator<ReinstateCardRequest>
{
    public ReinstateCardValidator() => RuleFor(r => r.ReinstatedBy).RequiredText();
}

public sealed record ReinstateCard(string ReinstatedBy, Instant Now);

public static class ReinstateCardSlice
{
    private static readonly ReinstateCardValidator Validator = new();

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
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var command = new ReinstateCard(Parse.Text(request.ReinstatedBy)!, clock.GetCurrentInstant());
        var (stream, refusal) = await CardStreams.ForWritingAsync(session, cardNumber, cancellationToken);
        return refusal ?? await CardStreams.DecideAndSaveAsync(session, stream!, card => Decide(command, card), cancellationToken);
    }
}
