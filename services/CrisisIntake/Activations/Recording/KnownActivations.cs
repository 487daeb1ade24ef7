using System.Collections.Concurrent;
using Marten;

namespace Cers.Dispatch.CrisisIntake.Activations.Recording;

/// <summary>
/// Whether crisis intake holds an activation, asked before anything is recorded on its timeline. An activation's stream,
/// once there, is never removed (erasure shreds its key and keeps its shape), so an id seen once is remembered and the
/// next message for it needs no look-up, nor does any for one this instance opened. Only "yes" is kept, and
/// only for the most recent activations.
/// </summary>
public sealed class KnownActivations
{
    private const int Remembered = 10_000;
    private readonly ConcurrentDictionary<Guid, bool> known = new();

    public async Task<bool> ExistsAsync(IQuerySession session, Guid activationId, CancellationToken cancellationToken)
    {
        if (known.ContainsKey(activationId))
        {
            return true;
        }

        if (await session.Events.FetchStreamStateAsync(activationId, cancellationToken) is null)
        {
            return false;
        }

        Remember(activationId);
        return true;
    }

    /// <summary>An activation this instance has just stored: its first timeline message needs no look-up either.</summary>
    public void Remember(Guid activationId)
    {
        if (known.Count >= Remembered)
        {
            known.Clear();
        }

        known[activationId] = true;
    }
}
