using System.Collections.Concurrent;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>
/// The workers that decisions in this process have chosen to ask but whose offers a search may not see yet. Two calls
/// decided at the same moment both read the nearest worker as free (neither offer is stored), both ask her, one YES is
/// passed on, and enough of those page the coordinators as if workers had declined. A decision claims the worker it
/// chooses; another activation's search passes over a claimed worker until that offer is stored, and also afterwards if
/// the search read the open offers before it was stored. With every candidate claimed, the decision finds nobody free.
/// </summary>
public sealed class WorkersBeingAsked
{
    // Stored claims only matter to searches that began before them; after this many more stored offers none is still running.
    private const long ForgetAfterStoredOffers = 10_000;

    private readonly ConcurrentDictionary<Guid, Claim> claims = new();
    private long storedOffers;

    private sealed record Claim(Guid ActivationId, long? StoredAs);

    /// <summary>Taken before a search reads the open offers: claims stored after it are ones the search may have missed.</summary>
    public long Snapshot() => Interlocked.Read(ref storedOffers);

    public bool TryClaim(Guid workerId, Guid activationId, long snapshot)
    {
        var claim = new Claim(activationId, null);
        while (true)
        {
            if (claims.TryGetValue(workerId, out var held))
            {
                if (held.ActivationId != activationId && (held.StoredAs is null || held.StoredAs > snapshot))
                {
                    return false;
                }

                if (claims.TryUpdate(workerId, claim, held))
                {
                    return true;
                }
            }
            else if (claims.TryAdd(workerId, claim))
            {
                return true;
            }
        }
    }

    /// <summary>The offer to the claimed worker is stored: from now on every search that starts sees it.</summary>
    public void Stored(Guid workerId, Guid activationId)
    {
        var held = new Claim(activationId, null);
        var storedAs = Interlocked.Increment(ref storedOffers);
        claims.TryUpdate(workerId, held with { StoredAs = storedAs }, held);
        if (storedAs % 1_000 == 0)
        {
            foreach (var (worker, claim) in claims.Where(c => c.Value.StoredAs < storedAs - ForgetAfterStoredOffers))
            {
                claims.TryRemove(KeyValuePair.Create(worker, claim));
            }
        }
    }

    /// <summary>The decision did not store an offer to the claimed worker (it conflicted, failed, or chose otherwise).</summary>
    public void Abandon(Guid workerId, Guid activationId) => claims.TryRemove(KeyValuePair.Create(workerId, new Claim(activationId, null)));
}
