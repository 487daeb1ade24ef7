using Cers.Dispatch.Rostering.Readiness.Assessing;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness.Listing;

public sealed record ReadinessProblemView(string Kind, Instant From, bool Now, string What, string Fix);

public sealed record CardReadinessView(
    Guid CarerId, string? CardNumber, string? Area, string State, Instant? RedFrom, IReadOnlyList<ReadinessProblemView> Problems, bool Paged, Instant? AssessedAt);

public sealed record ReadinessList(int Red, int Amber, string State, IReadOnlyList<CardReadinessView> Cards);

/// <summary>
/// GET /readiness?state=red|amber&amp;limit=n: the cards that cannot be served now (red, the newest first), or that will not
/// be within the coming week (amber, the soonest first), each with what is wrong and what would fix it; GET /readiness/{carerId} for one.
/// </summary>
public static class GetReadinessSlice
{
    private const int MostListed = 500;

    public static async Task<IResult> List(IQuerySession session, IClock clock, IOptions<ReadinessOptions> options, string? state, int? limit, CancellationToken cancellationToken)
    {
        if (state is not (null or "red" or "amber"))
        {
            return Results.Problem(statusCode: 400, title: "Unknown state", detail: "state must be red or amber.");
        }

        if (limit is < 1 or > MostListed)
        {
            return Results.Problem(statusCode: 400, title: "Bad limit", detail: $"limit must be between 1 and {MostListed}.");
        }

        var now = clock.GetCurrentInstant();
        var weekAhead = now + Duration.FromDays(options.Value.CoverDaysAhead);
        var (nowTicks, weekAheadTicks) = (now.ToUnixTimeTicks(), weekAhead.ToUnixTimeTicks());
        var red = await session.Query<CardReadiness>().CountAsync(c => c.Active && c.RedFromTicks != null && c.RedFromTicks <= nowTicks, cancellationToken);
        var amber = await session.Query<CardReadiness>().CountAsync(c => c.Active && c.RedFromTicks > nowTicks && c.RedFromTicks <= weekAheadTicks, cancellationToken);
        var listed = state == "amber"
            ? session.Query<CardReadiness>().Where(c => c.Active && c.RedFromTicks > nowTicks && c.RedFromTicks <= weekAheadTicks)
            : session.Query<CardReadiness>().Where(c => c.Active && c.RedFromTicks != null && c.RedFromTicks <= nowTicks);
        // Red: the newest first, what the duty manager has not seen yet; amber: the soonest to fail first.
        var ordered = state == "amber" ? listed.OrderBy(c => c.RedFromTicks) : listed.OrderByDescending(c => c.RedFromTicks);
        var cards = await ordered.Take(limit ?? 200).ToListAsync(cancellationToken);
        return Results.Ok(new ReadinessList(red, amber, state ?? "red", cards.Select(c => View(c, now, weekAhead)).ToList()));
    }

    public static async Task<IResult> One(Guid carerId, IQuerySession session, IClock clock, IOptions<ReadinessOptions> options, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        return await session.LoadAsync<CardReadiness>(carerId, cancellationToken) is { } card
            ? Results.Ok(View(card, now, now + Duration.FromDays(options.Value.CoverDaysAhead)))
            : Results.Problem(statusCode: 404, title: "Unknown carer", detail: $"No card readiness is kept for carer {carerId}.");
    }

    /// <summary>POST /readiness/reassess: an administrator assesses every card now (after mending a rota, say), without waiting for the pass the change owes.</summary>
    public static async Task<IResult> Reassess(ReassessingAllCards all, IClock clock, CancellationToken cancellationToken)
    {
        var (cards, changed) = await all.ReassessAsync(clock.GetCurrentInstant(), cancellationToken);
        return Results.Ok(new { Cards = cards, Changed = changed });
    }

    private static CardReadinessView View(CardReadiness card, Instant now, Instant weekAhead) => new(
        card.Id,
        card.WorkingCard,
        card.Area,
        !card.Active ? "no-working-card" : card.IsRed(now) ? "red" : card.RedFrom <= weekAhead ? "amber" : "green",
        card.RedFrom,
        card.Problems.Where(p => p.From <= weekAhead).Select(p => new ReadinessProblemView(p.Kind, p.From, p.From <= now, p.What, p.Fix)).ToList(),
        card.AlertedKinds.Count > 0,
        card.AssessedAt);
}
