using Cers.Dispatch.CardLookup.Cards.Issuing;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Replacing;

public sealed record ReplaceCardRequest(string? ReplacedBy);

public sealed class ReplaceCardValidator : AbstractValidator<ReplaceCardRequest>
{
    public ReplaceCardValidator() => RuleFor(r => r.ReplacedBy).RequiredText();
}

public sealed record ReplaceCard(Guid NewCardId, string NewCardNumber, string ReplacedBy, Instant Now);

public static class ReplaceCardSlice
{
    private static readonly ReplaceCardValidator Validator = new();

    /// <summary>The old card stops working and the carer gets a new number, so a found or stolen card leads nowhere.</summary>
    public static (CardReplaced Old, CardIssued New) Decide(ReplaceCard command, Card card) => card.Status switch
    {
        CardStatus.Active or CardStatus.Lost or CardStatus.Stolen => (
            new CardReplaced(card.Id, card.CardNumber, card.CarerId, command.NewCardNumber, command.ReplacedBy, command.Now),
            new CardIssued(command.NewCardId, command.NewCardNumber, card.CarerId, card.CardNumber, command.ReplacedBy, command.Now)),
        CardStatus.Suspended => throw new DomainRuleViolated("The card is suspended: reinstate it before replacing it."),
        CardStatus.Withdrawn => throw CardRules.Withdrawn(),
        _ => throw new DomainRuleViolated($"The card was already replaced by {card.ReplacedByCardNumber}."),
    };

    public static async Task<IResult> Handle(string cardNumber, ReplaceCardRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var (stream, refusal) = await CardStreams.ForWritingAsync(session, cardNumber, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var command = new ReplaceCard(Guid.CreateVersion7(), await IssueCardSlice.UnusedNumberAsync(session, cancellationToken), Parse.Text(request.ReplacedBy)!, clock.GetCurrentInstant());
        try
        {
            var (old, issued) = Decide(command, stream!.Aggregate!);
            stream.AppendOne(old);
            session.CarryTraceContext().Events.StartStream<Card>(issued.CardId, issued);
            await session.SaveChangesAsync(cancellationToken);
            return Results.Created($"/cards/{issued.CardNumber}", CardView.Of(Card.Create(issued)));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }
}
