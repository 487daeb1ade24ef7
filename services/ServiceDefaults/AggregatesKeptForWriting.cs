using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using JasperFx.Events.Fetching;
using Marten;
using Marten.Services;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// Aggregates this instance wrote, kept for its next decision on the same stream: <c>FetchForWriting</c> then reads only
/// the stream's version, not the stored snapshot, and uses the kept one only when the versions match exactly (on a
/// stream another instance moved on, it loads the snapshot as before). Enrolled per aggregate type with
/// <see cref="AggregatesKeptForWritingExtensions.KeepForWriting{T}"/>.
/// <para>
/// What is kept is the snapshot a commit stored (<see cref="KeepCommittedAggregates"/>), not what Marten offers back:
/// Marten offers the instance it handed out, expecting the commit to have changed it in place, and our aggregates are
/// immutable records, so that instance is the state before the decision.
/// </para>
/// <para>
/// Commit listeners run when a session has stored its changes, which for a session in a work runner's transaction is
/// before that transaction commits: there, what it stored is kept once the runner's commit succeeds, never before (a
/// snapshot of events never stored, at a version another instance could reach with others, would be wrong).
/// </para>
/// </summary>
public sealed class AggregatesKeptForWriting : IAggregateWriteCache
{
    /// <summary>Enough for every activation open at once at the busiest the service has been measured; past it, all is dropped.</summary>
    public const int Limit = 4096;

    // By type and stream only: a service's store is one database, without tenants.
    private readonly ConcurrentDictionary<(Type Type, Guid Stream), (object Aggregate, long Version)> kept = new();
    private readonly ConcurrentDictionary<Type, Func<object, Guid>> streamOf = new();

    public bool TryTake(AggregateCacheKey key, [NotNullWhen(true)] out object? aggregate, out long version)
    {
        if (key.Id is Guid stream && kept.TryRemove((key.DocumentType, stream), out var entry))
        {
            (aggregate, version) = entry;
            return true;
        }

        (aggregate, version) = (null, 0);
        return false;
    }

    /// <summary>What Marten offers back is the aggregate as it was fetched: not kept (see the class's remarks).</summary>
    void IAggregateWriteCache.Store(AggregateCacheKey key, object aggregate, long version)
    {
    }

    public void Evict(AggregateCacheKey key)
    {
        if (key.Id is Guid stream)
        {
            kept.TryRemove((key.DocumentType, stream), out _);
        }
    }

    internal void Enrol<T>(Func<T, Guid> streamId) where T : class => streamOf[typeof(T)] = aggregate => streamId((T)aggregate);

    /// <summary>Each enrolled aggregate the commit stored, with the version its stream reached in that commit.</summary>
    internal IReadOnlyList<(object Aggregate, Guid Stream, long Version)> StoredBy(IChangeSet commit)
    {
        if (streamOf.IsEmpty)
        {
            return [];
        }

        var streams = commit.GetStreams().ToDictionary(s => s.Id, s => s.Version);
        var stored = new List<(object, Guid, long)>();
        foreach (var aggregate in commit.Updated.Concat(commit.Inserted))
        {
            if (streamOf.TryGetValue(aggregate.GetType(), out var streamId) && streams.TryGetValue(streamId(aggregate), out var version) && version > 0)
            {
                stored.Add((aggregate, streamId(aggregate), version));
            }
        }

        return stored;
    }

    internal void Keep(IReadOnlyList<(object Aggregate, Guid Stream, long Version)> stored)
    {
        foreach (var (aggregate, stream, version) in stored)
        {
            // Dropping entries is always sound (the next fetch loads the snapshot), so a full cache simply starts again.
            if (kept.Count >= Limit)
            {
                kept.Clear();
            }

            kept[(aggregate.GetType(), stream)] = (aggregate, version);
        }
    }
}

/// <summary>A Marten listener: keeps the enrolled aggregates a session stored, once its transaction has committed.</summary>
public sealed class KeepCommittedAggregates(AggregatesKeptForWriting aggregates, Func<DurableWork.WorkQueue> queue) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var stored = aggregates.StoredBy(commit);
        if (stored.Count == 0)
        {
            return Task.CompletedTask;
        }

        var work = queue();
        if (work.IsRunnersTransaction(session))
        {
            work.WhenCommitted(session, () => aggregates.Keep(stored));
        }
        else
        {
            aggregates.Keep(stored);
        }

        return Task.CompletedTask;
    }
}

public static class AggregatesKeptForWritingExtensions
{
    /// <summary>
    /// Keeps <typeparamref name="T"/> (an inline snapshot, immutable) between this instance's decisions on its stream, for
    /// an aggregate decided on several times in a row (a dispatch, about nine times an activation).
    /// </summary>
    public static void KeepForWriting<T>(this StoreOptions options, Func<T, Guid> streamId) where T : class
    {
        var aggregates = options.Events.AggregateWriteCaching.Cache as AggregatesKeptForWriting
            ?? throw new InvalidOperationException("Aggregates are kept for writing only in a store set up by AddCersMarten.");
        aggregates.Enrol(streamId);
        options.Events.CacheAggregatesForWriting<T>();
    }
}
