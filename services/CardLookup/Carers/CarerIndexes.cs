using Cers.Dispatch.ServiceDefaults.Privacy;

namespace Cers.Dispatch.CardLookup.Carers;

/// <summary>
/// Finds carers by surname, date of birth and postcode without storing them in clear: the id is the carer, the key a
/// blind index (keyed hash) of <see cref="Carer.SearchKeyFor"/>. Kept beside the stream, not in it, so erasure can
/// delete it: a hash left in an append-only event would still confirm a guess.
/// </summary>
public sealed record CarerSearchEntry(Guid Id, string Key);

/// <summary>One hub reference, one carer: the id is the blind index of the reference, so a second insert fails.</summary>
public sealed record HubReferenceEntry(string Id, Guid CarerId);

public static class CarerIndexes
{
    private const string SearchPurpose = "carer-search";
    private const string HubReferencePurpose = "hub-reference";

    public static string SearchKey(BlindIndex index, string surname, NodaTime.LocalDate dateOfBirth, string normalisedPostcode) =>
        index.Of(SearchPurpose, Carer.SearchKeyFor(surname, dateOfBirth, normalisedPostcode));

    public static string HubReference(BlindIndex index, string hubReference) => index.Of(HubReferencePurpose, hubReference.Trim());

    public static (CarerSearchEntry Search, HubReferenceEntry Reference) For(BlindIndex index, Guid carerId, CarerDetails details) => (
        new CarerSearchEntry(carerId, SearchKey(index, details.Name.Last, details.DateOfBirth, details.Address.Postcode)),
        new HubReferenceEntry(HubReference(index, details.HubReference), carerId));
}
