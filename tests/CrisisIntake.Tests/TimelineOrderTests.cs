using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;
using JasperFx.Events;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Tests;

/// <summary>A supervisor reads each service's steps in the order that service took them, however they reached crisis intake.</summary>
public sealed class TimelineOrderTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 23, 40);
    private static readonly Guid ActivationId = Guid.NewGuid();

    private static Event<object> Intake(string summary) => Stored(new CoverEndedEarly(ActivationId, "Coordinator A. Shah", summary, Now));

    private static Event<object> Reported(string source, string summary, long? sourceSequence) =>
        Stored(new ServiceReported(ActivationId, source, "step", summary, Guid.NewGuid(), Now, SourceSequence: sourceSequence));

    private static Event<object> Stored(object data) => new(data) { Id = Guid.NewGuid(), StreamId = ActivationId };

    private static List<string> Read(params IEvent[] stored) =>
        [.. TimelineOrder.InTheOrderTaken(stored.Select((e, i) => { e.Version = i + 1; return e; }).ToList()).Select(Words)];

    private static string Words(IEvent e) => e.Data switch
    {
        ServiceReported r => r.Summary,
        CoverEndedEarly own => own.Reason,
        _ => e.EventTypeName,
    };

    [Fact]
    public void A_lapse_stored_after_the_next_offer_is_read_before_it_in_the_places_rosterings_steps_hold()
    {
        var timeline = Read(
            Intake("Opened"),
            Reported("rostering", "Offer 1 sent to Asha", 10),
            Reported("escalation", "Cover limit 48 hours", 4),
            Reported("rostering", "Offer 2 sent to Ben", 12),
            Intake("Note: neighbour has a key"),
            Reported("rostering", "Offer to Asha lapsed", 11),
            Reported("rostering", "Ben accepted", 13));

        timeline.Should().Equal(
            "Opened",
            "Offer 1 sent to Asha",
            "Cover limit 48 hours",
            "Offer to Asha lapsed",
            "Note: neighbour has a key",
            "Offer 2 sent to Ben",
            "Ben accepted");
    }

    [Fact]
    public void Each_service_is_ordered_by_its_own_store_and_steps_recorded_before_the_order_was_kept_stay_where_they_were_stored()
    {
        var timeline = Read(
            Reported("rostering", "old: offer 1", null),
            Reported("escalation", "warning 12 hours", 9),
            Reported("rostering", "offer 3", 30),
            Reported("escalation", "cover limit set", 8),
            Reported("rostering", "old: offer 2", null),
            Reported("rostering", "offer 2 lapsed", 29));

        timeline.Should().Equal("old: offer 1", "cover limit set", "offer 2 lapsed", "warning 12 hours", "old: offer 2", "offer 3");
    }

    [Fact]
    public void A_timeline_already_in_order_reads_as_stored()
    {
        var stored = new[] { Intake("Opened"), Reported("rostering", "Offer 1", 5), Reported("escalation", "Limit", 2), Reported("rostering", "Accepted", 6) };

        TimelineOrder.InTheOrderTaken(stored).Should().Equal(stored);
    }
}
