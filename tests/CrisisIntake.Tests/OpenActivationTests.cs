using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.Opening;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class OpenActivationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 29, 1, 30);
    private static readonly Guid Id = Guid.NewGuid();

    private static OpenActivationRequest Report(string? card = "4921-7730-5518", string? reason = "accident", string? agency = "Police", string? name = "PC Lee") =>
        new(card, new ReporterRequest(agency, name, "+441632960123"), reason, "M11 junction 9", null);

    [Fact]
    public void A_complete_report_opens_an_activation_on_the_partner_channel_at_the_time_given()
    {
        var (command, errors) = OpenActivationSlice.Validate(Report(), Id, Now);

        errors.Should().BeEmpty();
        OpenActivationSlice.Decide(command!).Should().Be(new ActivationOpened(
            Id, Channel.PartnerApi, "492177305518", CannotCareReason.Accident,
            new Reporter("Police", "PC Lee", "+441632960123"), "M11 junction 9", null, Now));
    }

    [Theory]
    [InlineData("4921 7730 5518", "492177305518")]
    [InlineData(" 4921-7730-5518 ", "492177305518")]
    [InlineData("4921773055", "4921773055")]
    public void Card_numbers_read_out_with_spaces_or_dashes_are_accepted(string spoken, string digits) =>
        CardNumberText.Normalise(spoken).Should().Be(digits);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("492177305")]
    [InlineData("49217730551A")]
    [InlineData("123456789012345678901")]
    [InlineData("4921.7730.5518")]
    public void Anything_that_cannot_be_a_card_number_is_refused(string? text) =>
        OpenActivationSlice.Validate(Report(card: text), Id, Now).Errors.Should().ContainKey("cardNumber");

    [Theory]
    [InlineData(null)]
    [InlineData("Bored")]
    [InlineData("42")]
    public void The_reason_must_be_one_the_service_knows(string? reason) =>
        OpenActivationSlice.Validate(Report(reason: reason), Id, Now).Errors.Should().ContainKey("reason");

    [Fact]
    public void Who_reported_it_is_required()
    {
        var errors = OpenActivationSlice.Validate(Report(agency: " ", name: null), Id, Now).Errors;

        errors.Keys.Should().BeEquivalentTo("reportedBy.agency", "reportedBy.name");
    }

    [Fact]
    public void Oversized_notes_are_refused_rather_than_cut()
    {
        var request = Report() with { UrgentNotes = new string('x', 2001) };

        OpenActivationSlice.Validate(request, Id, Now).Errors.Should().ContainKey("urgentNotes");
    }
}
