using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Suspending;

/// <summary><c>Reason</c>: "MovedAway", "RegistrationLapsed" or "Other" (with a note).</summary>
public sealed record SuspendCardRequest(string? Reason, string? Note, string? SuspendedBy);

public sealed record SuspendCard(SuspensionReason Reason, string? Note, string SuspendedBy, Instant Now);

public sealed class SuspendCardValidator : AbstractValidator<SuspendCardRequest>
{
    public SuspendCardValidator()
    {
        RuleFor(r => r.Reason).Must(reason => SuspendCardSlice.Reason(reason) is not null)
            .WithMessage($"One of {string.Join(", ", Enum.GetNames<SuspensionReason>())}.");
        RuleFor(r => r.Note).OptionalText(500);
        RuleFor(r => r.Note).Must(note => Parse.Text(note) is not null).When(r => SuspendCardSlice.Reason(r.Reason) == SuspensionReason.Other)
            .WithMessage("Say why when the reason is Other.");
        RuleFor(r => r.SuspendedBy).RequiredText();
    }
}

public static class SuspendCardSlice
{
    private static readonly SuspendCardValidator Validator = new();

    public static object[] Decide(SuspendCard command, Card card) => card.Status switch
    {
        CardStatus.Active => [new CardSuspended(card.Id, card.CardNumber, card.CarerId, command.Reason, command.Note, command.SuspendedBy, command.Now)],
        CardStatus.Suspended => [],
        _ => throw new DomainRuleViolated($"A card that is {card.Status.ToString().ToLowerInvariant()} cannot be suspended; it already does not work."),
    };

    /// <summary>The reason as the hub writes it, "moved-away" or "MovedAway"; null when it is none of them.</summary>
    public static SuspensionReason? Reason(string? text) => Parse.Enum<SuspensionReason>(text?.Replace("-", "", StringComparison.Ordinal));

    public static (SuspendCard? Command, Dictionary<string, string[]> Errors) Validate(SuspendCardRequest request, Instant now) =>
        Validator.Validate(request) is { IsValid: false } invalid
            ? (null, invalid.Fields())
            : (new SuspendCard(Reason(request.Reason)!.Value, Parse.Text(request.Note), Parse.Text(request.SuspendedBy)!, now), []);

    public static async Task<IResult> Handle(string cardNumber, SuspendCardRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
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
