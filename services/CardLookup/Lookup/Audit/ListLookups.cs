using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

public static class ListLookupsSlice
{
    private const int MaxRecords = 1000;

    /// <summary>
    /// For supervisors: every lookup from <c>from</c> (inclusive) to <c>to</c> (exclusive), newest first, at most 1000.
    /// The query of a lookup whose carer was erased (or that matched nobody and is past retention) reads "[erased]".
    /// </summary>
    public static async Task<IResult> Handle(
        string? from, string? to, IQuerySession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var now = clock.GetCurrentInstant();
        var start = ParseInstant(errors, "from", from) ?? now - Duration.FromDays(1);
        var end = ParseInstant(errors, "to", to) ?? now + Duration.FromMinutes(1);
        if (!errors.Any && end <= start)
        {
            errors.Add("to", "After from.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var records = await session.Query<LookupRecord>()
            .Where(r => r.AtUnixTicks >= start.ToUnixTimeTicks() && r.AtUnixTicks < end.ToUnixTimeTicks())
            .OrderByDescending(r => r.AtUnixTicks)
            .Take(MaxRecords)
            .ToListAsync(cancellationToken);
        return Results.Ok(await OpenAsync(records, session, vault, cancellationToken));
    }

    public static async Task<IReadOnlyList<LookupEntry>> OpenAsync(
        IReadOnlyList<LookupRecord> records, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken)
    {
        var keys = await vault.KeysAsync(session, records.Where(r => r.Query is not null).Select(r => r.Query!.KeyId), cancellationToken);
        return records.Select(r => LookupEntry.Of(r, r.Query is { } query ? keys.GetValueOrDefault(query.KeyId) : null)).ToList();
    }

    private static Instant? ParseInstant(FieldErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parsed = InstantPattern.ExtendedIso.Parse(text);
        if (!parsed.Success)
        {
            errors.Add(field, "An ISO-8601 instant, e.g. 2026-11-25T16:00:00Z.");
            return null;
        }

        return parsed.Value;
    }
}
