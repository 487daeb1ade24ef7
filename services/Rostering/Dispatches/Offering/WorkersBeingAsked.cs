using System.Collections.Concurrent;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>
/// Which worker each decision in this process has just chosen to ask. Two calls decided at the same moment both see the
/// same nearest worker free (neither offer is stored yet), both ask, and one YES must then be passed on. A decision
/// prefers a worker no other activation chose in the last few seconds, by which time that offer is stored and every
/// search sees it. When every candidate was just chosen elsewhere it asks the best one all the same, as before: a
/// passed-on YES costs seconds, paging the coordinators for want of a free worker costs more.
/// </summary>
public sealed class WorkersBeingAsked
{
    private const long HeldForMilliseconds = 5_000;

    private readonly ConcurrentDictionary<Guid, (Guid ActivationId, long Until)> chosen = new();

    public bool TryChoose(Guid workerId, Guid activationId)
    {
        var now = Environment.TickCount64;
        while (true)
        {
            if (chosen.TryGetValue(workerId, out var held))
            {
                if (held.ActivationId != activationId && held.Until > now)
                {
                    return false;
                }

                if (chosen.TryUpdate(workerId, (activationId, now + HeldForMilliseconds), held))
                {
                    return true;
                }
            }
            else if (chosen.TryAdd(workerId, (activationId, now + HeldForMilliseconds)))
            {
                return true;
            }
        }
    }
}
