using JasperFx.Events;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;

/// <summary>
/// The order a timeline is read in. The activation's stream holds crisis intake's own steps as it took them and the
/// other services' steps as they reached it, and a service's steps can reach it out of order (its relay publishes
/// different streams side by side; a commit that failed stores its step after a later one). Each service's steps are put
/// back in the order that service took them, in the places its steps hold on the stream; how different services' steps
/// interleave stays as they arrived, since one service acts on what another told it.
/// </summary>
public static class TimelineOrder
{
    public static IReadOnlyList<IEvent> InTheOrderTaken(IReadOnlyList<IEvent> stream)
    {
        var ordered = stream.ToArray();
        var reportedBySource = stream
            .Select((stored, place) => (stored, place))
            .Where(entry => entry.stored.Data is ServiceReported { SourceSequence: not null })
            .GroupBy(entry => ((ServiceReported)entry.stored.Data).Source, StringComparer.Ordinal);
        foreach (var source in reportedBySource)
        {
            var places = source.Select(entry => entry.place).ToList();
            var taken = source.Select(entry => entry.stored).OrderBy(stored => ((ServiceReported)stored.Data).SourceSequence).ToList();
            for (var i = 0; i < places.Count; i++)
            {
                ordered[places[i]] = taken[i];
            }
        }

        return ordered;
    }
}
