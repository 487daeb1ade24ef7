using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness.Assessing;

/// <summary>
/// Assesses cards against the rota inside the caller's session, and owes the tick that follows: at the next instant one
/// of them changes colour, and at once when one turned red with a problem nobody was paged about.
/// </summary>
public sealed class ReadinessAssessor(IDocumentStore store, WorkQueue queue, IOptions<ReadinessOptions> options, IOptions<OfferOptions> offerOptions)
{
    /// <summary>Cards assessed and stored in one transaction: a card changed meanwhile by a message costs only its chunk a retry.</summary>
    private const int Chunk = 1_000;

    private const int ConflictRetries = 5;

    public ReadinessOptions Options => options.Value;

    private RotaCoverage? lastWorkedOut;

    /// <summary>
    /// The rota's cover over twice the days checked, so a card stays assessed for a week before it must be looked at again.
    /// Worked out again only when the board or the travel limits changed or the hour turned: each of card lookup's messages
    /// would otherwise pay tens of milliseconds for the same answer.
    /// </summary>
    public async Task<RotaCoverage> CoverageAsync(IQuerySession session, Instant now, CancellationToken cancellationToken)
    {
        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        var limits = await TravelLimitsInForce.LoadAsync(session, offerOptions.Value, cancellationToken);
        var hours = Options.CoverDaysAhead * 2 * 24;
        if (lastWorkedOut is { } last && ReferenceEquals(last.Board, board) && last.From == RotaCoverage.HourOf(now) && SameLimits(last.Limits, limits))
        {
            return last;
        }

        return lastWorkedOut = RotaCoverage.Of(board, limits, now, hours);
    }

    private static bool SameLimits(TravelLimitsInForce a, TravelLimitsInForce b) =>
        a.DefaultKm == b.DefaultKm && a.ByArea.Count == b.ByArea.Count
        && a.ByArea.All(x => b.ByArea.TryGetValue(x.Key, out var other) && other.MaxKm == x.Value.MaxKm);

    /// <summary>Assesses <paramref name="card"/> again; stores it, and owes its tick, when the assessment changed anything.</summary>
    public bool AssessAndStore(IDocumentSession session, CardReadiness card, RotaCoverage coverage, Instant now)
    {
        var assessed = ReadinessRules.Assess(card, coverage, Options, now);
        if (SameAssessment(card, assessed))
        {
            return false;
        }

        session.Store(assessed);
        OweTick(session, assessed, now);
        return true;
    }

    /// <summary>Assesses the cards again a chunk at a time, each in a transaction of its own; returns how many changed.</summary>
    public async Task<int> AssessAgainAsync(IReadOnlyList<Guid> ids, RotaCoverage coverage, Instant now, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var chunk in ids.Chunk(Chunk))
        {
            changed += await AssessChunkAsync(chunk, coverage, now, cancellationToken);
        }

        return changed;
    }

    private async Task<int> AssessChunkAsync(Guid[] ids, RotaCoverage coverage, Instant now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var cards = await session.LoadManyAsync<CardReadiness>(cancellationToken, ids);
            var changed = cards.Count(card => card.Active && AssessAndStore(session, card, coverage, now));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return changed;
            }
            catch (Exception e) when (CardReadiness.StoredFirstByAnother(e) && attempt < ConflictRetries)
            {
                // A message about one of these carers stored first: assess the chunk again on what it stored.
            }
        }
    }

    public void OweTick(IDocumentSession session, CardReadiness card, Instant now)
    {
        if (card.AlertOwed)
        {
            ReadinessTicks.ScheduleNow(queue, session, now);
        }

        if (card.NextChangeAt is { } next)
        {
            ReadinessTicks.Schedule(queue, session, next, now);
        }
    }

    public static bool SameAssessment(CardReadiness before, CardReadiness after) =>
        before.RedFrom == after.RedFrom && before.NextChangeAt == after.NextChangeAt && before.AlertOwed == after.AlertOwed
        && before.AlertedKinds.SequenceEqual(after.AlertedKinds) && before.Problems.SequenceEqual(after.Problems);
}

public static class ReadinessTicks
{
    public const string Kind = "readiness-tick";

    /// <summary>One tick a minute at most: cards changing in the same minute share it (a tick is at most a minute late).</summary>
    public static void Schedule(WorkQueue queue, IDocumentSession session, Instant dueAt, Instant now)
    {
        var minute = (long)Math.Ceiling(dueAt.ToUnixTimeSeconds() / 60.0);
        queue.Schedule(session, DeterministicGuid.From($"rostering/readiness/tick/{minute}"), Kind, null, new { Minute = minute },
            Instant.FromUnixTimeSeconds(minute * 60), now);
    }

    /// <summary>A tick at once, to page about a card that just turned red: shared by what turns red within the same second.</summary>
    public static void ScheduleNow(WorkQueue queue, IDocumentSession session, Instant now)
    {
        var second = now.ToUnixTimeSeconds();
        queue.Schedule(session, DeterministicGuid.From($"rostering/readiness/tick-now/{second}"), Kind, null, new { Second = second }, now, now);
    }
}
