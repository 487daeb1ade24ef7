using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Numbers;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.ByCard;

public static class LookUpCardSlice
{
    /// <summary>The lookup itself, without HTTP: two primary-key reads.</summary>
    public static async Task<(LookupResult Result, LookupAnswer? Answer, string? Digits, CardNumberProblem Problem)> FindAsync(
        string cardNumber, IQuerySession session, LocalDate today, CancellationToken cancellationToken)
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

        var answer = LookupAnswer.Of(index.Card, carer, today);
        return (answer.Works ? LookupResult.Found : LookupResult.FoundNotWorking, answer, digits, CardNumberProblem.None);
    }

    public static async Task<IResult> Handle(
        string cardNumber, string? channel, string? requestedBy, IQuerySession session, IClock clock, LookupAuditWriter audit,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (via, by) = LookupRequester.Validate(errors, channel, requestedBy);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetCurrentInstant();
        var (result, answer, digits, problem) = await FindAsync(cardNumber, session, Ages.Today(now), cancellationToken);
        audit.Record(LookupRecord.Of(now, via, by, $"card {cardNumber}", result, answer?.CarerId, digits));
        return result switch
        {
            LookupResult.NotValid => CardStreams.NotValid(problem),
            LookupResult.NoSuchCard => CardStreams.NoSuchCard(digits!),
            _ => Results.Ok(answer),
        };
    }
}
