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
}

/// <summary>Who looked up which card or carer, through which channel, when, and what they were told.</summary>
public sealed record LookupRecord(
    Guid Id,
    Instant At,
    long AtUnixTicks,
    LookupChannel Channel,
    string RequestedBy,
    string Query,
    LookupResult Result,
    Guid? CarerId,
    string? CardNumber)
{
    /// <remarks>AtUnixTicks is what the supervisors' list filters and sorts on: ISO strings of varying precision do not sort.</remarks>
    public static LookupRecord Of(Instant at, LookupChannel channel, string requestedBy, string query, LookupResult result, Guid? carerId, string? cardNumber) =>
        new(Guid.CreateVersion7(), at, at.ToUnixTimeTicks(), channel, requestedBy, query, result, carerId, cardNumber);
}
