using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Numbers;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.CardLookup.Lookup.Guessing;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.ByCard;

/// <summary>A lookup by card's query string; the card number is in the path.</summary>
public sealed record CardLookupQuery(string? Channel, string? RequestedBy) : ILookupRequest;

public sealed class CardLookupQueryValidator : AbstractValidator<CardLookupQuery>
{
    public CardLookupQueryValidator() => Include(new LookupRequestValidator());
}

public static class LookUpCardSlice
{
    private static readonly CardLookupQueryValidator Validator = new();

    /// <summary>The lookup itself, without HTTP: two primary-key reads and the carer's seals opened (their key is usually cached).</summary>
    public static async Task<(LookupResult Result, LookupAnswer? Answer, string? Digits, CardNumberProblem Problem)> FindAsync(
        string cardNumber, IQuerySession session, PersonalDataVault vault, LocalDate today, CancellationToken cancellationToken)
    {
        var (digits, problem) = CardNumber.Parse(cardNumber);
        if (digits is null)
        {
            return (LookupResult.NotValid, null, null, problem);
        }

        if (await session.LoadAsync<CardIndex>(digits, cancellationToken) is not { } index
            || await session.LoadAsync<Carer>(index.Card.CarerId, cancellationToken) is not { } carer)
        {
            return (LookupResult.NoSuchCard, null, digits, CardNumberProblem.None);
        }

        if (await OpenedCarer.OpenAsync(carer, vault, session, cancellationToken) is not { } opened)
        {
            return (LookupResult.NoLongerRegistered, null, digits, CardNumberProblem.None);
        }

        var answer = LookupAnswer.Of(index.Card, opened, today);
        return (answer.Works ? LookupResult.Found : LookupResult.FoundNotWorking, answer, digits, CardNumberProblem.None);
    }

    public static IResult NoLongerRegistered(string digits) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Card no longer registered",
        detail: $"Card {CardNumber.Grouped(digits)} was issued, but the carer's registration has ended and their details were erased. Identify the carer another way.",
        extensions: new Dictionary<string, object?> { ["reason"] = "erased" });

    public static async Task<IResult> Handle(
        string cardNumber, string? channel, string? requestedBy, HttpContext http, IQuerySession session, PersonalDataVault vault, IClock clock,
        LookupAuditWriter audit, CardGuessingAlarm guessing, CancellationToken cancellationToken)
    {
        var query = new CardLookupQuery(channel, requestedBy);
        if (Validator.Validate(query) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var (via, by) = LookupRequester.Of(query);

        var now = clock.GetCurrentInstant();
        var (result, answer, digits, problem) = await FindAsync(cardNumber, session, vault, Ages.Today(now), cancellationToken);
        var carerId = answer?.CarerId ?? (result == LookupResult.NoLongerRegistered ? (await session.LoadAsync<CardIndex>(digits!, cancellationToken))?.Card.CarerId : null);
        audit.Record(PendingLookup.Of(now, via, by, CersRateLimits.CallerOf(http), $"card {cardNumber}", result, carerId, digits));
        if (result is LookupResult.NotValid or LookupResult.NoSuchCard)
        {
            await guessing.FailedAsync(LookupSource.Of(http), via, by, now, cancellationToken);
        }

        return result switch
        {
            LookupResult.NotValid => CardStreams.NotValid(problem),
            LookupResult.NoSuchCard => CardStreams.NoSuchCard(digits!),
            LookupResult.NoLongerRegistered => NoLongerRegistered(digits!),
            _ => Results.Ok(answer),
        };
    }
}
