using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.ReportingLoss;

/// <summary><c>Kind</c>: "lost" or "stolen".</summary>
public sealed record ReportCardLostRequest(string? Kind, string? ReportedBy);

public sealed record ReportCardLost(LossKind Kind, string ReportedBy, Instant Now);

public sealed class ReportCardLostValidator : AbstractValidator<ReportCardLostRequest>
{
    public ReportCardLostValidator()
    {
        RuleFor(r => r.Kind).OneOf<ReportCardLostRequest, LossKind>().WithMessage("\"lost\" or \"stolen\".");
        RuleFor(r => r.ReportedBy).RequiredText();
    }
}

public static class ReportCardLostSlice
{
    private static readonly ReportCardLostValidator Validator = new();

    /// <summary>A lost or stolen card stops working at once; saying so twice changes nothing.</summary>
    public static object[] Decide(ReportCardLost command, Card card) => card.Status switch
    {
        CardStatus.Active or CardStatus.Suspended =>
            [new CardReportedLost(card.Id, card.CardNumber, card.CarerId, command.Kind, command.ReportedBy, command.Now)],
        CardStatus.Lost when command.Kind == LossKind.Lost => [],
        CardStatus.Stolen when command.Kind == LossKind.Stolen => [],
        CardStatus.Lost or CardStatus.Stolen =>
            [new CardReportedLost(card.Id, card.CardNumber, card.CarerId, command.Kind, command.ReportedBy, command.Now)],
        CardStatus.Withdrawn => throw CardRules.Withdrawn(),
        _ => throw new DomainRuleViolated($"The card was replaced by {card.ReplacedByCardNumber}; it already does not work."),
    };

    public static (ReportCardLost? Command, Dictionary<string, string[]> Errors) Validate(ReportCardLostRequest request, Instant now) =>
        Validator.Validate(request) is { IsValid: false } invalid
            ? (null, invalid.Fields())
            : (new ReportCardLost(Parse.Enum<LossKind>(request.Kind)!.Value, Parse.Text(request.ReportedBy)!, now), []);

    public static async Task<IResult> Handle(string cardNumber, ReportCardLostRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, clock.GetCurrentInstant());
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var (stream, refusal) = await CardStreams.ForWritingAsync(session, cardNumber, cancellationToken);
        return refusal ?? await CardStreams.DecideAndSaveAsync(session, stream!, card => Decide(command, card), cancellationToken);
    }
}
