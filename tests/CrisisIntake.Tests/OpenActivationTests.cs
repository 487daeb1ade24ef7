using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.Opening;
using Cers.Dispatch.CrisisIntake.Collaborators;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class OpenActivationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 29, 1, 30);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Cers.Dispatch.ServiceDefaults.Privacy.SubjectKey Key = Cers.Dispatch.ServiceDefaults.Privacy.SubjectKey.Generate("activation:test");

    private static OpenActivationRequest Report(string? card = "4921-7730-5518", string? reason = "accident", string? agency = "Police", string? name = "PC Lee") =>
        new(card, new ReporterRequest(agency, name, "+441632960123"), reason, "M11 junction 9", null);

    [Fact]
    public void A_complete_report_names_the_card_digits_and_the_partner_channel()
    {
        var (command, errors) = OpenActivationSlice.Validate(Report());

        errors.Should().BeEmpty();
        command!.CardNumber.Should().Be("492177305518");
        command.Report.Should().Be(new Cers.Dispatch.CrisisIntake.Activations.Report(
            Channel.PartnerApi, new Reporter("Police", "PC Lee", "+441632960123"), CannotCareReason.Accident, "M11 junction 9", null));
    }

    [Fact]
    public void A_recognised_card_opens_the_activation_and_records_it_verified_in_the_same_breath()
    {
        var report = OpenActivationSlice.Validate(Report()).Command!.Report;
        var card = new CardCheck.Identified("492177305518", Guid.NewGuid(), "Active", true, "england-and-wales", "CB4 Cambridge");

        var events = ActivationDesk.Decide(Id, report, card, ["492177305518"], Now, Key);

        events.Should().HaveCount(2);
        events[0].Should().BeOfType<ActivationOpened>().Which.CardNumber.Should().Be("492177305518");
        events[1].Should().Be(new CardVerified(Id, "492177305518", card.CarerId, "Active", true, "england-and-wales", "CB4 Cambridge", Now));
    }

    [Fact]
    public void When_card_lookup_cannot_be_asked_the_activation_still_opens_marked_not_identified()
    {
        var report = OpenActivationSlice.Validate(Report()).Command!.Report;

        var events = ActivationDesk.Decide(Id, report, new CardCheck.LookupUnavailable("timeout"), ["492177305518"], Now, Key);

        events[0].Should().BeOfType<ActivationOpened>().Which.CardNumber.Should().Be("492177305518", "the number as reported is kept for the coordinator");
        events[1].Should().BeOfType<CardNotIdentified>().Which.Why.Should().Contain("card lookup unavailable");
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
        OpenActivationSlice.Validate(Report(card: text)).Errors.Should().ContainKey("cardNumber");

    [Fact]
    public void Without_a_card_the_carers_surname_date_of_birth_and_postcode_identify_them()
    {
        var request = Report(card: null) with { Carer = new CarerLookupRequest("Okafor", "1961-02-28", "CB4 1AB") };

        var (command, errors) = OpenActivationSlice.Validate(request);

        errors.Should().BeEmpty();
        command!.CardNumber.Should().BeNull();
        command.Carer.Should().Be(new CarerLookupFields("Okafor", "1961-02-28", "CB4 1AB"));
    }

    [Fact]
    public void Lookup_fields_must_all_be_given_and_the_date_must_be_a_date()
    {
        var request = Report(card: null) with { Carer = new CarerLookupRequest("", "28/02/1961", null) };

        OpenActivationSlice.Validate(request).Errors.Keys.Should().BeEquivalentTo("carer.surname", "carer.dateOfBirth", "carer.postcode");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2026-12-05")]
    [InlineData("1906-12-03")]
    public void A_date_of_birth_no_carer_could_have_is_refused(string dateOfBirth)
    {
        var request = Report(card: null) with { Carer = new CarerLookupRequest("Okafor", dateOfBirth, "CB4 1AB") };

        var (command, errors) = OpenActivationSlice.Validate(request, today: new NodaTime.LocalDate(2026, 12, 4));

        command.Should().BeNull();
        errors["carer.dateOfBirth"].Single().Should().Contain("in the past and within the last 120 years");
    }

    [Theory]
    [InlineData("2026-12-04")]
    [InlineData("1906-12-04")]
    public void A_date_of_birth_from_today_back_to_120_years_ago_is_accepted(string dateOfBirth) =>
        OpenActivationSlice.Validate(Report(card: null) with { Carer = new CarerLookupRequest("Okafor", dateOfBirth, "CB4 1AB") }, today: new NodaTime.LocalDate(2026, 12, 4))
            .Errors.Should().BeEmpty();

    [Theory]
    [InlineData(null)]
    [InlineData("Bored")]
    [InlineData("42")]
    public void The_reason_must_be_one_the_service_knows(string? reason) =>
        OpenActivationSlice.Validate(Report(reason: reason)).Errors.Should().ContainKey("reason");

    [Fact]
    public void Who_reported_it_is_required()
    {
        var errors = OpenActivationSlice.Validate(Report(agency: " ", name: null)).Errors;

        errors.Keys.Should().BeEquivalentTo("reportedBy.agency", "reportedBy.name");
    }

    [Fact]
    public void A_report_naming_no_reporter_names_each_field_of_the_reporter_it_needs() =>
        OpenActivationSlice.Validate(Report() with { ReportedBy = null }).Errors.Keys.Should().BeEquivalentTo("reportedBy.agency", "reportedBy.name");

    [Fact]
    public void Oversized_notes_are_refused_rather_than_cut()
    {
        var request = Report() with { UrgentNotes = new string('x', 2001) };

        OpenActivationSlice.Validate(request).Errors.Should().ContainKey("urgentNotes");
    }
}
