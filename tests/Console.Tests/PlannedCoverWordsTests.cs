using System.Text.Json;
using Cers.Dispatch.Console.Alerts;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.PlannedCover;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

public sealed class PlannedCoverWordsTests
{
    private static ServiceAnswer Refused(int status, string json) => new(status, JsonDocument.Parse(json).RootElement.Clone(), "as the service put it");

    [Fact]
    public void Crisis_intakes_refusal_of_a_booking_is_said_field_by_field_in_the_pages_own_words()
    {
        var answer = Refused(400, """
            {"title":"The request was not valid; nothing was stored.","errors":{
              "startsAt":["When cover starts: an ISO-8601 instant in the future."],
              "endsAt":["Planned cover lasts at most 48 hours."],
              "cardNumber":["No working card has this number."]}}
            """);

        PlannedCoverWords.Refusal(answer, "The booking").Should().Be(
            "The booking was not made: The start must be a date and time still to come. Planned cover lasts at most 48 hours: choose an earlier end. "
            + "No working card has this number: check it with the carer (a lost, stolen, suspended or replaced card cannot be used).");
    }

    [Fact]
    public void A_change_to_a_booking_that_can_no_longer_change_keeps_crisis_intakes_words() =>
        PlannedCoverWords.Refusal(Refused(409, """{"title":"The booking is cancelled; it can no longer be changed."}"""), "The move")
            .Should().Be("The move was not changed: as the service put it");

    [Theory]
    [InlineData("2027-06-15T10:00", "2027-06-15T09:00:00Z")]
    [InlineData("2026-12-01T10:00", "2026-12-01T10:00:00Z")]
    [InlineData("next Tuesday", "next Tuesday")]
    [InlineData("", null)]
    public void A_picked_time_goes_to_crisis_intake_as_an_instant_in_UK_time_and_anything_else_as_typed(string typed, string? sent) =>
        PlannedCoverWords.ForIntake(typed).Should().Be(sent);

    [Fact]
    public void A_card_number_is_shown_in_groups_of_four_and_a_time_for_the_picker_in_UK_time()
    {
        PlannedCoverWords.Card("4921773055123").Should().Be("4921 7730 5512 3");
        PlannedCoverWords.ForPicker(Instant.FromUtc(2027, 6, 15, 9, 0)).Should().Be("2027-06-15T10:00");
    }

    [Fact]
    public void Who_is_held_is_said_only_for_a_booking_still_to_start()
    {
        var booking = new PlannedCoverShown(Guid.NewGuid(), Guid.NewGuid(), "4921773055", new("Hospital", "Addenbrooke's"),
            Instant.FromUtc(2027, 6, 15, 9, 0), Instant.FromUtc(2027, 6, 15, 13, 0), new("Ada Admin", "carer"), "Booked");
        var held = new Dictionary<Guid, ReservationShown> { [booking.Id] = new(booking.Id, Guid.NewGuid(), "Chidi Eze", null) };
        var unfilled = new Dictionary<Guid, ReservationShown> { [booking.Id] = new(booking.Id, null, null, "nobody qualified is on duty for the booked time") };

        PlannedCoverWords.Held(booking, held).Should().Be("Chidi Eze is held for it.");
        PlannedCoverWords.Held(booking, unfilled).Should().Be("Nobody is held: nobody qualified is on duty for the booked time. Find someone before it starts.");
        PlannedCoverWords.Held(booking, new Dictionary<Guid, ReservationShown>()).Should().StartWith("Not yet");
        PlannedCoverWords.Held(booking, null).Should().Be("Rostering did not answer just now.");
        PlannedCoverWords.Held(booking with { Status = "Cancelled" }, held).Should().BeEmpty();
    }

    [Fact]
    public void After_Check_now_the_page_says_what_was_raised_resolved_and_paged()
    {
        AlertsWords.Checked(1, 0, 1).Should().Be("Checked now: 1 new alert raised, 0 resolved. The duty managers on call were paged about 1 alert until one of them answers.");
        AlertsWords.Checked(2, 1, 0).Should().Be("Checked now: 2 new alerts raised, 1 resolved. Nobody could be paged about them: see each alert below.");
        AlertsWords.Checked(0, 3, 0).Should().Be("Checked now: 0 new alerts raised, 3 resolved. Nobody needed paging.");
    }
}
