using Cers.Dispatch.CardLookup.Common;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

public static class ListLookupsSlice
{
    private const int MaxRecords = 1000;

    /// <summary>For supervisors: every lookup from <c>from</c> (inclusive) to <c>to</c> (exclusive), newest first, at most 1000.</summary>
    public static async Task<IResult> Handle(string? from, string? to, IQuerySession session, IClock clock, CancellationToken cancellationToken)
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
        return Results.Ok(records);
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
