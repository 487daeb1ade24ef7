using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;
using JasperFx.Events;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Tests;

/// <summary>A supervisor reads the steps in the order they were taken, however they reached crisis intake.</summary>
public sealed class TimelineOrderTests
{
    private static readonly Instant Opened = Instant.FromUtc(2026, 12, 7, 23, 40);
    private static readonly Guid ActivationId = Guid.NewGuid();

    private static Instant At(double seconds) => Opened + Duration.FromMilliseconds(seconds * 1000);

    /// <summary>One of crisis intake's own steps, stored when it was taken.</summary>
    private static Event<object> Intake(string summary, double recordedAt) =>
        Stored(new CoverEndedEarly(ActivationId, "Coordinator A. Shah", summary, At(recordedAt)), recordedAt);

    /// <summary>Another service's step, stored there at <paramref name="storedAt"/> as its <paramref name="sequence"/>th event, recorded here later.</summary>
    private static Event<object> Reported(string source, string summary, double storedAt, long sequence, double recordedAt) =>
        Stored(new ServiceReported(ActivationId, source, "step", summary, Guid.NewGuid(), At(recordedAt), SourceSequence: sequence, SourceStoredAt: At(storedAt)), recordedAt);

    /// <summary>A step recorded before services told when they stored their steps.</summary>
    private static Event<object> ReportedLongAgo(string source, string summary, double recordedAt) =>
        Stored(new ServiceReported(ActivationId, source, "step", summary, Guid.NewGuid(), At(recordedAt)), recordedAt);

    private static Event<object> Stored(object data, double recordedAt) =>
        new(data) { Id = Guid.NewGuid(), StreamId = ActivationId, Timestamp = At(recordedAt).ToDateTimeOffset() };

    /// <summary>The timeline's words, the stream numbered as it was stored.</summary>
    private static List<string> Read(params Event<object>[] stored)
    {
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i].Version = i + 1;
        }

        return [.. TimelineOrder.InTheOrderTaken(stored).Select(e => e.Data switch
        {
            ServiceReported r => r.Summary,
            CoverEndedEarly own => own.Reason,
            _ => e.EventTypeName,
        })];
    }

    [Fact]
    public void The_cover_limit_escalation_set_on_hearing_of_the_arrival_reads_after_the_arrival_though_its_news_came_first()
    {
        var timeline = Read(
            Intake("Opened", 0),
            Reported("rostering", "Offer 1 sent to Asha", 0.2, 10, 1.2),
            Reported("escalation", "Cover limit 48 hours", 30.4, 4, 31.1),
            Reported("rostering", "Asha arrived: cover started", 30.3, 12, 31.2));

        timeline.Should().Equal("Opened", "Offer 1 sent to Asha", "Asha arrived: cover started", "Cover limit 48 hours");
    }

    [Fact]
    public void A_lapse_recorded_after_the_next_offer_reads_before_it_and_steps_stored_together_keep_their_services_order()
    {
        var timeline = Read(
            Intake("Opened", 0),
            Reported("rostering", "Offer 1 sent to Asha", 0.2, 10, 1.2),
            Reported("rostering", "Offer 2 sent to Ben", 300.5, 12, 301.1),
            Intake("Note: neighbour has a key", 300.8),
            Reported("rostering", "Offer to Asha lapsed", 300.1, 11, 302.4),
            Reported("rostering", "Ben accepted", 310, 14, 311.2),
            Reported("rostering", "Offer to Cara withdrawn: Ben is going", 310, 13, 311.2));

        timeline.Should().Equal(
            "Opened",
            "Offer 1 sent to Asha",
            "Offer to Asha lapsed",
            "Offer 2 sent to Ben",
            "Note: neighbour has a key",
            "Offer to Cara withdrawn: Ben is going",
            "Ben accepted");
    }

    [Fact]
    public void Steps_recorded_before_services_told_when_they_stored_them_read_when_crisis_intake_recorded_them()
    {
        var timeline = Read(
            Intake("Opened", 0),
            ReportedLongAgo("rostering", "old: offer 1", 1),
            ReportedLongAgo("escalation", "old: cover limit", 2),
            Intake("Note", 2),
            Reported("rostering", "offer 2", 2.5, 30, 3));

        timeline.Should().Equal("Opened", "old: offer 1", "old: cover limit", "Note", "offer 2");
    }
}
