using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

/// <summary>The period asked for, as ISO-8601 instants; left out, it is the last day.</summary>
public sealed record LookupPeriodQuery(string? From, string? To)
{
    public Instant Start(Instant now) => Parse.Instant(From) ?? now - Duration.FromDays(1);

    public Instant End(Instant now) => Parse.Instant(To) ?? now + Duration.FromMinutes(1);
}

public sealed class LookupPeriodQueryValidator : AbstractValidator<LookupPeriodQuery>
{
    public LookupPeriodQueryValidator(Instant now)
    {
        RuleFor(q => q.From).IsoInstant(required: false);
        RuleFor(q => q.To).IsoInstant(required: false);
        RuleFor(q => q.To).Must((query, _) => query.End(now) > query.Start(now)).When(q => AbsentOrInstant(q.From) && AbsentOrInstant(q.To))
            .WithMessage("After from.");
    }

    private static bool AbsentOrInstant(string? text) => text is null || Parse.Instant(text) is not null;
}

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
        var now = clock.GetCurrentInstant();
        var period = new LookupPeriodQuery(from, to);
        if (new LookupPeriodQueryValidator(now).Validate(period) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var (start, end) = (period.Start(now).ToUnixTimeTicks(), period.End(now).ToUnixTimeTicks());
        var records = await session.Query<LookupRecord>()
            .Where(r => r.AtUnixTicks >= start && r.AtUnixTicks < end)
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
}
