using System.Globalization;
using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Erasing;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Retention;

/// <summary>Shreds what retention says is due: carers (<see cref="RetentionRule"/>) and past months of unmatched lookups.</summary>
public sealed class RetentionSweep(IDocumentStore store, PersonalDataVault vault, IOptions<RetentionOptions> options, ILogger<RetentionSweep> logger)
{
    private const int Chunk = 200;

    /// <summary>Two sweeps at once (the daily timer and an administrator's request) would shred the same carers side by side.</summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<RetentionSweepCompleted> RunAsync(string trigger, Instant now, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await SweepAsync(trigger, now, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<RetentionSweepCompleted> SweepAsync(string trigger, Instant now, CancellationToken cancellationToken)
    {
        var cutoff = now - Duration.FromDays(options.Value.AfterLastActivityDays);
        var carers = await ShredCarersAsync(cutoff, now, cancellationToken);
        var months = await ShredUnmatchedLookupsAsync(now - Duration.FromDays(options.Value.UnmatchedLookupDays), cancellationToken);

        var completed = new RetentionSweepCompleted(Guid.CreateVersion7(), trigger, cutoff, carers, months, now);
        await using var session = store.LightweightSession();
        session.Events.Append(RetentionStream.Id, completed);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Retention sweep ({Trigger}): {Carers} carers and {Months} months of unmatched lookups shredded", trigger, carers, months);
        return completed;
    }

    private async Task<int> ShredCarersAsync(Instant cutoff, Instant now, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> candidates;
        var cutoffTicks = cutoff.ToUnixTimeTicks();
        await using (var query = store.QuerySession())
        {
            candidates = await query.Query<Carer>()
                .Where(c => c.ErasedAt == null && c.LastActivityUnixTicks < cutoffTicks)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
        }

        var shredded = 0;
        foreach (var chunk in candidates.Chunk(Chunk))
        {
            IReadOnlyList<CardIndex> cards;
            IReadOnlyList<CoverAccess> activations;
            await using (var query = store.QuerySession())
            {
                cards = await query.Query<CardIndex>().Where(c => c.Card.CarerId.In(chunk)).ToListAsync(cancellationToken);
                var carerIds = chunk.Select(id => (Guid?)id).ToArray();
                activations = await query.Query<CoverAccess>().Where(a => a.CarerId.In(carerIds)).ToListAsync(cancellationToken);
            }

            foreach (var carerId in chunk)
            {
                // One transaction per carer: a failure leaves those done shredded and the rest for tomorrow.
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForWriting<Carer>(carerId, cancellationToken);
                if (stream.Aggregate is not { } carer
                    || !RetentionRule.IsDue(carer, cards.Where(c => c.Card.CarerId == carerId).Select(c => c.Card).ToList(), activations.Where(a => a.CarerId == carerId).ToList(), cutoff))
                {
                    continue;
                }

                var reason = $"nothing recorded since {InstantPattern.ExtendedIso.Format(RetentionRule.LastActivity(carer, [], []))}, before the retention cutoff";
                await CarerErasure.ShredAsync(session, vault, stream, ErasureGround.Retention, reason, "retention sweep", now, cancellationToken);
                await session.SaveChangesAsync(cancellationToken);
                shredded++;
            }
        }

        return shredded;
    }

    private async Task<int> ShredUnmatchedLookupsAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var subjects = await session.Query<DataKey>()
            .Where(k => k.Subject.StartsWith(PendingLookup.UnmatchedSubjectPrefix))
            .Select(k => k.Subject)
            .ToListAsync(cancellationToken);
        var shredded = 0;
        foreach (var subject in subjects)
        {
            var month = LocalDatePattern.Create("uuuu-MM", CultureInfo.InvariantCulture).Parse(subject[PendingLookup.UnmatchedSubjectPrefix.Length..]);
            if (month.Success && month.Value.PlusMonths(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() <= cutoff)
            {
                await vault.ShredAsync(session, subject, "retention: unmatched lookups", cancellationToken);
                shredded++;
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return shredded;
    }
}
