using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

public enum LookupChannel
{
    Phone,
    Partner,
    Console,
}

public enum LookupResult
{
    Found,
    FoundNotWorking,
    NotValid,
    NoSuchCard,
    NoMatch,

    /// <summary>The card was issued, but the carer's data has since been erased.</summary>
    NoLongerRegistered,
}

/// <summary>
/// Who looked up which card or carer, through which channel, when, and what they were told. The query (a card number
/// as typed, or a surname, date of birth and postcode) is sealed: under the carer's key when it found one, so it is
/// erased with them, otherwise under a monthly key the retention sweep shreds.
/// </summary>
/// <param name="Caller">Who presented the credentials (<c>caller:{subject}</c>, or <c>ip:{address}</c>); <c>RequestedBy</c> is who they act for.</param>
public sealed record LookupRecord(
    Guid Id,
    Instant At,
    long AtUnixTicks,
    LookupChannel Channel,
    string RequestedBy,
    string? Caller,
    Sealed<string>? Query,
    LookupResult Result,
    Guid? CarerId,
    string? CardNumber);

/// <summary>A lookup as it happened, waiting to be sealed and written by <see cref="LookupAuditWriter"/>.</summary>
public sealed record PendingLookup(
    Guid Id, Instant At, LookupChannel Channel, string RequestedBy, string Caller, string Query, LookupResult Result, Guid? CarerId, string? CardNumber)
{
    public static PendingLookup Of(Instant at, LookupChannel channel, string requestedBy, string caller, string query, LookupResult result, Guid? carerId, string? cardNumber) =>
        new(Guid.CreateVersion7(), at, channel, requestedBy, caller, query, result, carerId, cardNumber);

    /// <remarks>AtUnixTicks is what the supervisors' list filters and sorts on: ISO strings of varying precision do not sort.</remarks>
    public LookupRecord Sealed(SubjectKey key) =>
        new(Id, At, At.ToUnixTimeTicks(), Channel, RequestedBy, Caller, key.Seal(Query), Result, CarerId, CardNumber);

    /// <summary>Lookups that found nobody are sealed under a key per month, shredded once the month is past retention.</summary>
    public string UnmatchedSubject => UnmatchedSubjectFor(At);

    public static string UnmatchedSubjectFor(Instant at) =>
        UnmatchedSubjectPrefix + at.InUtc().Date.ToString("uuuu-MM", System.Globalization.CultureInfo.InvariantCulture);

    public const string UnmatchedSubjectPrefix = "lookups-unmatched:";
}

/// <summary>A lookup as supervisors see it: the query opened, or "[erased]".</summary>
public sealed record LookupEntry(
    Guid Id, Instant At, LookupChannel Channel, string RequestedBy, string? Caller, string Query, LookupResult Result, Guid? CarerId, string? CardNumber)
{
    public static LookupEntry Of(LookupRecord record, SubjectKey? key) => new(
        record.Id, record.At, record.Channel, record.RequestedBy, record.Caller,
        record.Query is { } sealedQuery && key is not null ? key.Open(sealedQuery) : PersonalData.Erased,
        record.Result, record.CarerId, record.CardNumber);
}
