using Cers.Dispatch.CardLookup.Cards.Numbers;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards.Issuing;

public sealed record IssueCardRequest(string? IssuedBy);

public sealed class IssueCardValidator : AbstractValidator<IssueCardRequest>
{
    public IssueCardValidator() => RuleFor(r => r.IssuedBy).RequiredText();
}

public sealed record IssueCard(Guid CarerId, Guid CardId, string CardNumber, string IssuedBy, Instant Now);

public static class IssueCardSlice
{
    private static readonly IssueCardValidator Validator = new();

    /// <param name="workingCards">The carer's cards that are active or suspended: a carer holds one card at a time.</param>
    public static CardIssued Decide(IssueCard command, Carer carer, IReadOnlyList<Card> workingCards)
    {
        if (carer.Erased)
        {
            throw new DomainRuleViolated("The carer's personal data was erased; no card is issued to them.");
        }

        if (carer.CaredFor.Count == 0)
        {
            throw new DomainRuleViolated("Register the person cared for before issuing a card: a card leads to the people it covers.");
        }

        if (workingCards is [var current, ..])
        {
            throw new DomainRuleViolated($"The carer already holds card {CardNumber.Grouped(current.CardNumber)} ({current.Status}); replace it instead.");
        }

        return new CardIssued(command.CardId, command.CardNumber, command.CarerId, null, command.IssuedBy, command.Now);
    }

    /// <summary>A random number no card has yet; a clash among 10^11 numbers is rare but costs one more read.</summary>
    public static async Task<string> UnusedNumberAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var number = CardNumber.Generate();
            if (await session.LoadAsync<CardIndex>(number, cancellationToken) is null)
            {
                return number;
            }
        }
    }

    public static Task<IReadOnlyList<CardIndex>> WorkingCardsAsync(IQuerySession session, Guid carerId, CancellationToken cancellationToken) =>
        session.Query<CardIndex>()
            .Where(c => c.Card.CarerId == carerId && (c.Card.Status == CardStatus.Active || c.Card.Status == CardStatus.Suspended))
            .ToListAsync(cancellationToken);

    public static async Task<IResult> Handle(Guid carerId, IssueCardRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        // Locks the carer's stream until SaveChanges, so a double-clicked "issue" cannot give the carer two cards.
        var carerStream = await session.Events.FetchForExclusiveWriting<Carer>(carerId, cancellationToken);
        if (carerStream.Aggregate is not { } carer)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        var working = await WorkingCardsAsync(session, carerId, cancellationToken);
        var command = new IssueCard(carerId, Guid.CreateVersion7(), await UnusedNumberAsync(session, cancellationToken), Parse.Text(request.IssuedBy)!, clock.GetCurrentInstant());
        try
        {
            var issued = Decide(command, carer, working.Select(w => w.Card).ToList());
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
