using System.Globalization;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness.Assessing;

/// <summary>
/// A change to a rota, the register (skills, training, DBS, who is active, where they are based) or a travel limit can
/// change every card's cover: every card that works is assessed again, once, shortly after. Cards whose assessment
/// changed are stored; any that turned red are paged about by the tick this owes.
/// </summary>
public sealed class ReassessingAllCards(IDocumentStore store, ReadinessAssessor assessor) : IWorkHandler
{
    public const string Kind = "readiness-reassess-all";

    public IReadOnlyList<string> Kinds { get; } = [Kind];

    /// <summary>
    /// Changes made within the same ten seconds share one pass, which starts a few seconds after those ten seconds end, so
    /// that every change it is owed for has committed by then.
    /// </summary>
    public static void Schedule(WorkQueue queue, IDocumentSession session, Instant now)
    {
        var bucket = now.ToUnixTimeSeconds() / 10;
        queue.Schedule(session, DeterministicGuid.From($"rostering/readiness/reassess-all/{bucket}"), Kind, null, new { Bucket = bucket },
            Instant.FromUnixTimeSeconds((bucket + 1) * 10) + Duration.FromSeconds(3), now);
    }

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var (cards, changed) = await ReassessAsync(context.Now, cancellationToken);
        return WorkOutcome.Done(string.Create(CultureInfo.InvariantCulture, $"{cards} cards assessed, {changed} changed"));
    }

    /// <summary>Assesses every card that works against the rota as it is now, a chunk at a time; returns how many, and how many changed.</summary>
    public async Task<(int Cards, int Changed)> ReassessAsync(Instant now, CancellationToken cancellationToken)
    {
        await using var reading = store.QuerySession();
        var ids = await reading.Query<CardReadiness>().Where(c => c.Active).Select(c => c.Id).ToListAsync(cancellationToken);
        var coverage = await assessor.CoverageAsync(reading, now, cancellationToken);
        return (ids.Count, await assessor.AssessAgainAsync(ids, coverage, now, cancellationToken));
    }
}

/// <summary>Owes the reassessment in the same transaction as the change to the rota, the register or a travel limit.</summary>
public sealed class ReassessCardsOnRotaChange(Func<WorkQueue> queue, IClock clock) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var changes = session.PendingChanges;
        if (changes.Streams().Any(s => s.Events.Any(e => e.Data is not null && ChangesCover(e.Data.GetType())))
            || changes.AllChangedFor<AreaTravelLimit>().Any() || changes.AllChangedFor<Rotation>().Any() || changes.AllChangedFor<StaffMember>().Any())
        {
            ReassessingAllCards.Schedule(queue(), session, clock.GetCurrentInstant());
        }

        return Task.CompletedTask;
    }

    private static bool ChangesCover(Type eventType) =>
        eventType.Namespace is "Cers.Dispatch.Rostering.Rotas" or "Cers.Dispatch.Rostering.Staff" or "Cers.Dispatch.Rostering.Matching.TravelLimits";
}
