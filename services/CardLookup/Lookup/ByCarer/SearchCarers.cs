using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.ByCarer;

public sealed record CarerSearchAnswer(IReadOnlyList<LookupAnswer> Matches);

public static class SearchCarersSlice
{
    /// <summary>
    /// For when the card is not to hand: surname, date of birth and postcode, each as the caller says it. Found through
    /// the blind index, since none of the three is stored in clear; an erased carer is no longer found.
    /// </summary>
    public static async Task<IResult> Handle(
        string? surname, string? dateOfBirth, string? postcode, string? channel, string? requestedBy, HttpContext http,
        IQuerySession session, PersonalDataVault vault, BlindIndex index, IClock clock, LookupAuditWriter audit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = errors.Required("surname", surname, 100);
        var born = errors.Date("dateOfBirth", dateOfBirth);
        var normalisedPostcode = Postcodes.Normalise(postcode);
        if (normalisedPostcode is null)
        {
            errors.Add("postcode", "A UK postcode, such as LS6 2AB.");
        }

        var (via, by) = LookupRequester.Validate(errors, channel, requestedBy);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetCurrentInstant();
        var key = CarerIndexes.SearchKey(index, name, born, normalisedPostcode!);
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
