using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using Marten.Events;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.Cards.Telling;

/// <summary>The query string: <c>since</c>, an instant (at most a day back is told); <c>after</c>, the last sequence a previous page ended with.</summary>
public sealed record CardMessagesQuery(string? Since, long? After);

public sealed class CardMessagesQueryValidator : AbstractValidator<CardMessagesQuery>
{
    public CardMessagesQueryValidator()
    {
        RuleFor(q => q.Since).IsoInstant(required: true);
        RuleFor(q => q.After).GreaterThanOrEqualTo(0);
    }
}

/// <summary>One message as the relay published it: the stored event's sequence, its contract's name and the message.</summary>
public sealed record ToldMessage(long Sequence, string Type, object Message);

/// <summary>
/// GET /cards/messages?since=&amp;after=: the card and plan messages card lookup published since an instant, but not
/// before a day ago (by its own clock, so the asker's clock may differ), as it published them, in the order it stored them, at most <see cref="PageSize"/> stored events a page (the next
/// page: <c>after</c> the last message's sequence). A service keeping a copy from those messages (crisis intake's card
/// index) takes them again from here, so one lost on its way (a retry given up) is not lost for good.
/// </summary>
public static class CardMessagesSinceSlice
{
    public static readonly Duration Reach = Duration.FromHours(24);

    public const int PageSize = 2000;

    private static readonly CardMessagesQueryValidator Validator = new();

    private static readonly Type[] Told =
    [
        typeof(CardIssued), typeof(CardReinstated), typeof(CardReportedLost), typeof(CardSuspended), typeof(CardReplaced),
        typeof(CardWithdrawn), typeof(EmergencyPlanRecorded), typeof(CarerErased),
    ];

    public static async Task<IResult> Handle(
        string? since, long? after, IQuerySession session, IContractMap contracts, IClock clock, CancellationToken cancellationToken)
    {
        var query = new CardMessagesQuery(since, after);
        if (Validator.Validate(query) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        // Worked out before the query: Marten compiles a value worked out inside a query expression on every call.
        var dayAgo = clock.GetCurrentInstant() - Reach;
        var from = Instant.Max(Parse.Instant(since)!.Value, dayAgo).ToDateTimeOffset();
        var told = Told;
        var afterSequence = after ?? 0;
        var stored = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > afterSequence && e.Timestamp >= from && e.EventTypesAre(told))
            .OrderBy(e => e.Sequence)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        return Results.Ok(stored
            .SelectMany(e => contracts.MessagesFor([e]))
            .Where(m => m.Message is Published.CardIssued or Published.CardRevoked or Published.CardReplaced or Published.EmergencyPlanChanged or Published.CarerErased)
            .Select(m => new ToldMessage(m.Source.Sequence, m.Message.GetType().Name, m.Message)));
    }
}
