using System.Globalization;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness.Assessing;

/// <summary>
/// Runs when a card is due to change colour (a review date or a confirmation runs out, an uncovered hour comes within
/// the week, a week-ahead check ends) and when a card turned red: assesses the cards that are due, then pages the duty
/// managers once for every card red with a problem nobody was paged about, until one of them answers for it.
/// </summary>
public sealed class ReadinessTick(ReadinessAssessor assessor, AlarmRaiser alarms) : IWorkHandler
{
    private const int MostCardsAtOnce = 5_000;

    public IReadOnlyList<string> Kinds { get; } = [ReadinessTicks.Kind];

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var (session, now) = (context.Session, context.Now);
        var nowTicks = now.ToUnixTimeTicks();
        var due = await session.Query<CardReadiness>()
            .Where(c => c.NextChangeTicks != null && c.NextChangeTicks <= nowTicks)
            .OrderBy(c => c.NextChangeTicks)
            .Select(c => c.Id)
            .Take(MostCardsAtOnce)
            .ToListAsync(cancellationToken);
        var changed = due.Count == 0 ? 0 : await assessor.AssessAgainAsync(due, await assessor.CoverageAsync(session, now, cancellationToken), now, cancellationToken);
        if (due.Count == MostCardsAtOnce)
        {
            // More are due than one tick takes: the next carries on at once.
            context.Queue.Schedule(session, Guid.CreateVersion7(), ReadinessTicks.Kind, null, new { After = item.Id }, now, now);
        }

        var paged = await PageAsync(session, now, cancellationToken);
        return WorkOutcome.Done(string.Create(CultureInfo.InvariantCulture, $"{due.Count} due, {changed} changed, {paged} paged about"));
    }

    /// <summary>One alarm for every card owed one, so a rota change that turns many red pages once.</summary>
    private async Task<int> PageAsync(IDocumentSession session, Instant now, CancellationToken cancellationToken)
    {
        var owed = (await session.Query<CardReadiness>().Where(c => c.AlertOwed).ToListAsync(cancellationToken))
            .Where(c => c.IsRed(now)).OrderBy(c => c.RedFromTicks).ToList();
        if (owed.Count == 0)
        {
            return 0;
        }

        await alarms.RaiseAsync(session, new RaiseAlarm(
            AlarmKinds.CardsNotReady, $"cards-not-ready/{now.ToUnixTimeTicks()}", null, Digest(owed, now), PagingAudience.DutyManagers), now, cancellationToken);
        foreach (var card in owed)
        {
            session.Store(card with { AlertOwed = false, AlertedKinds = card.ProblemsAt(now).Select(p => p.Kind).Distinct().ToList() });
        }

        return owed.Count;
    }

    public static string Digest(IReadOnlyList<CardReadiness> cards, Instant now) =>
        AlarmTexts.Digest(
            cards.Count == 1 ? "A card cannot be served now:" : string.Create(CultureInfo.InvariantCulture, $"{cards.Count} cards cannot be served now:"),
            cards,
            (card, _) => $" card {card.WorkingCard} ({card.Area ?? "area unknown"}): {string.Join(" ", card.ProblemsAt(now).Select(p => p.What))}",
            left => string.Create(CultureInfo.InvariantCulture, $" ...and {left} more."))
        + " See Readiness in the console.";
}
