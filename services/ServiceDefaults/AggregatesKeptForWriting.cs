using System.Collections.Concurrent;
using Marten;
using Marten.Services;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// Aggregates this instance wrote, kept with the version its commit gave their stream, for its next decision on the same
/// stream: that decision reads nothing (<see cref="FetchForWritingAsync{T}"/>). Its commit expects the kept version, so
/// a stream another instance moved on meanwhile fails it as a conflict (Marten's append checks the version in the same
/// statement), and the decision is taken again on what is stored. Enrolled per aggregate type with
/// <see cref="AggregatesKeptForWritingExtensions.KeepForWriting{T}"/>.
/// <para>
/// What is kept is the snapshot a commit stored, not what was fetched: our aggregates are immutable records, so the
/// instance fetched is the state before the decision.
/// </para>
/// <para>
/// Commit listeners run when a session has stored its changes, which for a session in a work runner's transaction is
/// before that transaction commits: there, what it stored is kept once the runner's commit succeeds, never before (a
/// snapshot of events never stored, at a version another instance could reach with others, would be wrong).
/// </para>
/// </summary>
public sealed class AggregatesKeptForWriting
{
    /// <summary>Enough for every activation open at once at the busiest the service has been measured; past it, all is dropped.</summary>
    public const int Limit = 4096;

    // By type and stream only: a service's store is one database, without tenants.
    private readonly ConcurrentDictionary<(Type Type, Guid Stream), (object Aggregate, long Version)> kept = new();
    private readonly ConcurrentDictionary<Type, Func<object, Guid>> streamOf = new();

    /// <summary>
    /// The stream's aggregate for a decision that appends to it with <c>session.Events.Append(id, ...)</c>: the one kept,
    /// taken (so two decisions at once cannot both start from it) without a read, or else Marten's <c>FetchForWriting</c>
    /// (null for a stream not started). A kept aggregate's version is asserted on commit even when the decision appends
    /// nothing, so an answer given from it without appending (an offer already answered) is never given on a stream
    /// that moved on.
    /// </summary>
    /// <param name="probablyNew">
    /// The decision most likely starts the stream (the message that opens it): nothing is read and null is returned, for
    /// the decision to start the stream with <c>StartStream</c>; one already there (the message delivered again) fails
    /// the commit as started twice, to be decided again on a read. Started, not appended at version 0, the commit's
    /// inline snapshot begins from nothing instead of reading whether one is stored.
    /// </param>
    public async Task<T?> FetchForWritingAsync<T>(IDocumentSession session, Guid id, CancellationToken cancellationToken, bool probablyNew = false) where T : class
    {
        if (probablyNew)
        {
            return null;
        }

        return TryTakeInto<T>(session, id) is { } aggregate
            ? aggregate
            : (await session.Events.FetchForWriting<T>(id, cancellationToken)).Aggregate;
    }

    /// <summary>
    /// Appends <paramref name="e"/> to a stream whose aggregate (an inline snapshot) this instance may have kept: the
    /// kept one is taken, so the commit's snapshot is made from it without reading the stored one, and the commit expects
    /// its version (a stream moved on fails it as a conflict). Otherwise, or once the session appends to the stream
    /// already, a plain append.
    /// </summary>
    public void Append<T>(IDocumentSession session, Guid id, object e) where T : class
    {
        if (!session.AppendsTo(id))
        {
            TryTakeInto<T>(session, id);
        }

        session.Events.Append(id, e);
    }

    /// <summary>The kept aggregate, taken into the session's identity map with its stream expected at its version; null when none is kept.</summary>
    private T? TryTakeInto<T>(IDocumentSession session, Guid id) where T : class
    {
        if (!kept.TryRemove((typeof(T), id), out var entry))
        {
            return null;
        }

        var stream = session.Events.Append(id, entry.Version, Array.Empty<object>());
        stream.AlwaysEnforceConsistency = true;
        // Where the commit's inline snapshot projection finds the aggregate to apply the new events to, as after a fetch.
        session.UseIdentityMapFor<T>();
        var itemMap = ((Marten.Internal.IMartenSession)session).ItemMap;
        if (!itemMap.TryGetValue(typeof(T), out var map) || map is not Dictionary<Guid, T> identityMap)
        {
            identityMap = [];
            itemMap[typeof(T)] = identityMap;
        }

        var aggregate = (T)entry.Aggregate;
        identityMap[id] = aggregate;
        return aggregate;
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
            // Dropping entries is always sound (the next decision fetches), so a full cache simply starts again.
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
    public AggregatesKeptForWriting Aggregates => aggregates;

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var stored = aggregates.StoredBy(commit);
        if (stored.Count == 0)
        {
            return Task.CompletedTask;
        }

        queue().OnceCommitted(session, () => aggregates.Keep(stored));
        return Task.CompletedTask;
    }
}

public static class AggregatesKeptForWritingExtensions
{
    /// <summary>
    /// Keeps <typeparamref name="T"/> (an inline snapshot, immutable) between this instance's decisions on its stream, for
    /// an aggregate decided on several times in a row (a dispatch, about nine times an activation).
    /// </summary>
    public static void KeepForWriting<T>(this StoreOptions options, Func<T, Guid> streamId) where T : class =>
        (options.Listeners.OfType<KeepCommittedAggregates>().SingleOrDefault()
            ?? throw new InvalidOperationException("Aggregates are kept for writing only in a store set up by AddCersMarten.")).Aggregates.Enrol(streamId);

    /// <summary>Whether the session already appends to (or starts, or expects a version of) the stream.</summary>
    public static bool AppendsTo(this IDocumentSession session, Guid streamId) => session.PendingChanges.Streams().Any(s => s.Id == streamId);
}
