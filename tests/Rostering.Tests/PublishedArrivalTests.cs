using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx.Events;
using NodaTime;
using Published = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Rostering.Tests;

/// <summary>How a first arrival goes on the bus: with the start of cover it triggers, as one message.</summary>
public sealed class PublishedArrivalTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 5, 7, 30);
    private static readonly Guid ActivationId = Guid.NewGuid();
    private static readonly Guid WorkerId = Guid.NewGuid();

    private static readonly ContractMap Map = new(new OpeningForTheRelay(null!, null!));

    private static Event<object> Stored(object data, long version) =>
        new Event<object>(data) { Id = Guid.NewGuid(), StreamId = ActivationId, Version = version, Sequence = 200 + version };

    [Fact]
    public void The_first_arrival_and_the_cover_it_starts_go_out_as_one_message_under_the_arrivals_id()
    {
        var arrived = Stored(new WorkerArrived(ActivationId, WorkerId, Now, "Asha Day", StartedCover: true), 7);
        var started = Stored(new CoverStarted(ActivationId, "scotland", Now), 8);

        var message = Map.MessagesFor([arrived, started]).Should().ContainSingle().Which;

        message.MessageId.Should().Be(arrived.Id);
        var published = message.Message.Should().BeOfType<Published.WorkerArrived>().Which;
        published.WorkerName.Should().Be("Asha Day");
        published.Cover.Should().Be(new Published.CoverStarted(ActivationId, Now, "scotland"));
    }

    [Fact]
    public void A_colleague_taking_over_arrives_without_a_start_of_cover()
    {
        var message = Map.MessagesFor([Stored(new WorkerArrived(ActivationId, WorkerId, Now, "Ben Night", StartedCover: false), 12)]).Should().ContainSingle().Which;

        message.Message.Should().BeOfType<Published.WorkerArrived>().Which.Cover.Should().BeNull();
    }

    [Fact]
    public void A_start_of_cover_read_in_a_later_page_than_its_arrival_is_told_on_its_own()
    {
        Map.MessagesFor([Stored(new CoverStarted(ActivationId, "scotland", Now), 8)])
            .Should().ContainSingle().Which.Message.Should().Be(new Published.CoverStarted(ActivationId, Now, "scotland"));
    }
}
