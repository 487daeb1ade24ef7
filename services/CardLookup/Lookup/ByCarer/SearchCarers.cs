using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.ByCarer;

public sealed record CarerSearchAnswer(IReadOnlyList<LookupAnswer> Matches);

public static class SearchCarersSlice
{
    /// <summary>For when the card is not to hand: surname, date of birth and postcode, each as the caller says it.</summary>
    public static async Task<IResult> Handle(
        string? surname, string? dateOfBirth, string? postcode, string? channel, string? requestedBy,
        IQuerySession session, IClock clock, LookupAuditWriter audit, CancellationToken cancellationToken)
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
        var key = Carer.SearchKeyFor(name, born, normalisedPostcode!);
        var carers = await session.Query<Carer>().Where(c => c.SearchKey == key).ToListAsync(cancellationToken);
        var ids = carers.Select(c => c.Id).ToArray();
        var cards = ids.Length == 0
            ? []
            : await session.Query<CardIndex>().Where(c => c.Card.CarerId.In(ids)).ToListAsync(cancellationToken);
        var today = Ages.Today(now);
        var matches = carers.Select(c => LookupAnswer.Of(CurrentCard(cards, c.Id), c, today)).ToList();

        var query = $"carer {name} {born:uuuu-MM-dd} {normalisedPostcode}";
        audit.Record(LookupRecord.Of(now, via, by, query, matches.Count == 0 ? LookupResult.NoMatch : LookupResult.Found, matches.FirstOrDefault()?.CarerId, null));
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
