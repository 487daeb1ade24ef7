using JasperFx.Events;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;

/// <summary>
/// The order a timeline is read in: when each step was taken. The activation's stream holds crisis intake's own steps
/// as it took them and the other services' steps as they reached it, which can be in another order: two services' news
/// of the same second arrive either way round (rostering's arrival and the cover limit escalation set because of it), a
/// service publishes different streams side by side, a commit that failed is stored after a later one. Each step
/// reported keeps when and where its own service stored it. A step caused by another is appended after its cause was
/// committed and told, so ordering by the events' timestamps (one machine's clock, or clocks NTP keeps within
/// milliseconds) puts every effect after its cause; steps with the same timestamp in one service keep that service's
/// order. Steps recorded before services told when they stored them fall back on when crisis intake recorded them.
/// </summary>
public static class TimelineOrder
{
    public static IReadOnlyList<IEvent> InTheOrderTaken(IReadOnlyList<IEvent> stream) =>
        [.. stream.OrderBy(WhenTaken).ThenBy(Service, StringComparer.Ordinal).ThenBy(PlaceInService)];

    /// <summary>When the step was stored by the service that took it; for crisis intake's own, and steps reported before that was kept, when recorded here.</summary>
    public static Instant WhenTaken(IEvent stored) =>
        stored.Data is ServiceReported { SourceStoredAt: { } at } ? at : Instant.FromDateTimeOffset(stored.Timestamp);

    private static string Service(IEvent stored) =>
        stored.Data is ServiceReported { SourceStoredAt: not null } reported ? reported.Source : ActivationTimelineSlice.Source;

    private static long PlaceInService(IEvent stored) =>
        stored.Data is ServiceReported { SourceStoredAt: not null, SourceSequence: { } sequence } ? sequence : stored.Version;
}
