using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.ByCarer;

/// <summary>A search's query string: surname, date of birth and postcode, each as the caller says it.</summary>
public sealed record CarerSearchQuery(string? Surname, string? DateOfBirth, string? Postcode, string? Channel, string? RequestedBy) : ILookupRequest;

public sealed class CarerSearchQueryValidator : AbstractValidator<CarerSearchQuery>
{
    public CarerSearchQueryValidator()
    {
        RuleFor(q => q.Surname).RequiredText(100);
        RuleFor(q => q.DateOfBirth).IsoDate();
        RuleFor(q => q.Postcode).UkPostcode();
        Include(new LookupRequestValidator());
    }
}

public sealed record CarerSearchAnswer(IReadOnlyList<LookupAnswer> Matches);

public static class SearchCarersSlice
{
    private static readonly CarerSearchQueryValidator Validator = new();

    /// <summary>
    /// For when the card is not to hand: surname, date of birth and postcode, each as the caller says it. Found through
    /// the blind index, since none of the three is stored in clear; an erased carer is no longer found.
    /// </summary>
    public static async Task<IResult> Handle(
        string? surname, string? dateOfBirth, string? postcode, string? channel, string? requestedBy, HttpContext http,
        IQuerySession session, PersonalDataVault vault, BlindIndex index, IClock clock, LookupAuditWriter audit, CancellationToken cancellationToken)
    {
        var search = new CarerSearchQuery(surname, dateOfBirth, postcode, channel, requestedBy);
        if (Validator.Validate(search) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var (via, by) = LookupRequester.Of(search);
        var name = Parse.Text(surname)!;
        var born = Parse.Date(dateOfBirth)!.Value;
        var normalisedPostcode = Postcodes.Normalise(postcode)!;
        var now = clock.GetCurrentInstant();
        var key = CarerIndexes.SearchKey(index, name, born, normalisedPostcode);
        var ids = (await session.Query<CarerSearchEntry>().Where(e => e.Key == key).ToListAsync(cancellationToken)).Select(e => e.Id).ToArray();
        var carers = ids.Length == 0 ? [] : await session.LoadManyAsync<Carer>(cancellationToken, ids);
        var cards = ids.Length == 0
            ? []
            : await session.Query<CardIndex>().Where(c => c.Card.CarerId.In(ids)).ToListAsync(cancellationToken);
        var today = Ages.Today(now);
        var matches = new List<LookupAnswer>();
        foreach (var carer in carers)
        {
            if (await OpenedCarer.OpenAsync(carer, vault, session, cancellationToken) is { } opened)
            {
                matches.Add(LookupAnswer.Of(CurrentCard(cards, carer.Id), opened, today));
            }
        }

        var query = $"carer {name} {born:uuuu-MM-dd} {normalisedPostcode}";
        audit.Record(PendingLookup.Of(
            now, via, by, CersRateLimits.CallerOf(http), query, matches.Count == 0 ? LookupResult.NoMatch : LookupResult.Found, matches.FirstOrDefault()?.CarerId, null));
        return Results.Ok(new CarerSearchAnswer(matches));
    }

    /// <summary>The card that works, else a suspended one, else the most recently issued.</summary>
    private static Card? CurrentCard(IReadOnlyList<CardIndex> cards, Guid carerId) =>
        cards.Select(c => c.Card)
            .Where(c => c.CarerId == carerId)
            .OrderBy(c => c.Status switch { CardStatus.Active => 0, CardStatus.Suspended => 1, _ => 2 })
            .ThenByDescending(c => c.IssuedAt)
            .FirstOrDefault();
}
