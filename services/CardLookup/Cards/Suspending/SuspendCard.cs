using Cers.Dispatch.CardLookup.Common;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Suspending;

/// <summary><c>Reason</c>: "MovedAway", "RegistrationLapsed" or "Other" (with a note).</summary>
public sealed record SuspendCardRequest(string? Reason, string? Note, string? SuspendedBy);

public sealed record SuspendCard(SuspensionReason Reason, string? Note, string SuspendedBy, Instant Now);

public static class SuspendCardSlice
{
    public static object[] Decide(SuspendCard command, Card card) => card.Status switch
    {
        CardStatus.Active => [new CardSuspended(card.Id, card.CardNumber, card.CarerId, command.Reason, command.Note, command.SuspendedBy, command.Now)],
        CardStatus.Suspended => [],
        _ => throw new DomainRuleViolated($"A card that is {card.Status.ToString().ToLowerInvariant()} cannot be suspended; it already does not work."),
    };

    public static (SuspendCard? Command, FieldErrors Errors) Validate(SuspendCardRequest request, Instant now)
    {
        var errors = new FieldErrors();
        SuspensionReason reason = default;
        if (request.Reason is null || !Enum.TryParse(request.Reason.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out reason) || !Enum.IsDefined(reason))
        {
            errors.Add("reason", $"One of {string.Join(", ", Enum.GetNames<SuspensionReason>())}.");
        }

        var note = errors.Optional("note", request.Note, 500);
        if (reason == SuspensionReason.Other && note is null && !errors.Fields.Contains("reason"))
        {
            errors.Add("note", "Say why when the reason is Other.");
        }

        var by = errors.Required("suspendedBy", request.SuspendedBy);
        return errors.Any ? (null, errors) : (new SuspendCard(reason, note, by, now), errors);
    }

    public static async Task<IResult> Handle(string cardNumber, SuspendCardRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, clock.GetCurrentInstant());
        if (command is null)
        {
            return errors.ToProblem();
        }

        var (stream, refusal) = await CardStreams.ForWritingAsync(session, cardNumber, cancellationToken);
        return refusal ?? await CardStreams.DecideAndSaveAsync(session, stream!, card => Decide(command, card), cancellationToken);
    }
}
