using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx.Events;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.CrisisIntake.Tests;

/// <summary>How an opening goes on the bus: with its card check as one message when the card was recognised at once.</summary>
public sealed class PublishedOpeningTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 28, 21, 5);
    private static readonly Guid ActivationId = Guid.NewGuid();
    private static readonly Guid CarerId = Guid.NewGuid();

    // Values stored in clear are shown as they are, so the map needs no store or keys here.
    private static readonly ContractMap Map = new(new OpeningForTheRelay(null!, null!));

    private static readonly ActivationOpened Opening = new(
        ActivationId, Channel.Phone, "492177305518", CannotCareReason.AdmittedToHospital,
        new SealedReporter("Ambulance", new Sealed<string>("Paramedic J. Okafor"), null), null, null, Now);

    private static Event<object> Stored(object data, long version) =>
        new Event<object>(data) { Id = Guid.NewGuid(), StreamId = ActivationId, Version = version, Sequence = 100 + version };

    [Fact]
    public void A_card_recognised_as_the_call_came_in_goes_out_with_the_opening_as_one_message_under_the_openings_id()
    {
        var opened = Stored(Opening, 1);
        var verified = Stored(new CardVerified(ActivationId, "492177305518", CarerId, "Active", true, "scotland", "G12 Glasgow", Now), 2);

        var messages = Map.MessagesFor([opened, verified]).ToList();

        var message = messages.Should().ContainSingle().Which;
        message.MessageId.Should().Be(opened.Id);
        var published = message.Message.Should().BeOfType<Published.ActivationOpened>().Which;
        published.ReportedByName.Should().Be("Paramedic J. Okafor");
        published.Card.Should().Be(new Published.ActivationCardVerified(ActivationId, "492177305518", CarerId, "Active", true, "scotland", "G12 Glasgow", Now));
    }

    [Fact]
    public void A_card_not_identified_at_the_opening_is_told_in_a_message_of_its_own()
    {
        var messages = Map.MessagesFor([Stored(Opening, 1), Stored(new CardNotIdentified(ActivationId, ["4921"], "no such card", Now), 2)]).ToList();

        messages.Select(m => m.Message.GetType()).Should().Equal(typeof(Published.ActivationOpened), typeof(Published.ActivationCardNotIdentified));
        ((Published.ActivationOpened)messages[0].Message).Card.Should().BeNull();
    }

    [Fact]
    public void A_check_made_later_and_an_opening_whose_check_is_in_the_next_page_each_go_on_their_own()
    {
        var later = Stored(new CardVerified(ActivationId, "492177305518", CarerId, "Active", true, "scotland", "G12 Glasgow", Now, "a coordinator"), 6);

        Map.MessagesFor([later]).Should().ContainSingle().Which.Message.Should().BeOfType<Published.ActivationCardVerified>();
        Map.MessagesFor([Stored(Opening, 1)]).Should().ContainSingle().Which.Message.Should().BeOfType<Published.ActivationOpened>().Which.Card.Should().BeNull();
    }
}
