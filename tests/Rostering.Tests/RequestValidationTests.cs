using Cers.Dispatch.Rostering.Alarms.Acknowledging;
using Cers.Dispatch.Rostering.Alerts.Listing;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Handovers.Listing;
using Cers.Dispatch.Rostering.Handovers.RecordingNotes;
using Cers.Dispatch.Rostering.Handovers.Reviewing;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Rotas.OnCall;
using Cers.Dispatch.Rostering.Staff.Renewing;
using Cers.Dispatch.ServiceDefaults.Validation;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class RequestValidationTests
{
    [Fact]
    public void A_travel_limit_names_the_area_from_the_path_with_the_fields_of_the_body()
    {
        var errors = new TravelLimitChangeValidator().Validate(new TravelLimitChange("CB1", double.NaN, " ", null)).Fields();

        errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["area"] = ["A UK postcode area: the letters a postcode starts with, e.g. CB or G."],
            ["maxKm"] = ["Required: kilometres from a worker's base, from 1 to 300."],
            ["by"] = ["Required."],
            ["reason"] = ["Required."],
        });
        new TravelLimitChangeValidator().Validate(new TravelLimitChange(" tr ", 30, "Coordinator", "Nobody nearer")).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Renewed_training_names_the_skill_from_the_path_and_the_date_from_the_body()
    {
        new TrainingRenewalValidator().Validate(new TrainingRenewal("juggling", "31/12/2027")).Fields().Keys.Should().BeEquivalentTo("skill", "expiresOn");
        new TrainingRenewalValidator().Validate(new TrainingRenewal(" Medication-Administration ", "2027-12-31")).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("coordinator", "2030-01-08T12:00:00Z", true)]
    [InlineData("nurse", null, false)]
    [InlineData(null, "tomorrow", false)]
    public void The_on_call_query_takes_a_known_role_and_an_instant_both_optional(string? role, string? at, bool valid) =>
        new OnCallQueryValidator().Validate(new OnCallQuery(role, at)).IsValid.Should().Be(valid);

    [Theory]
    [InlineData(null, true)]
    [InlineData(" ", true)]
    [InlineData("queried", true)]
    [InlineData("all", true)]
    [InlineData("pending", false)]
    public void The_handovers_query_takes_a_status_or_all(string? status, bool valid) =>
        new HandoversQueryValidator().Validate(new HandoversQuery(status)).IsValid.Should().Be(valid);

    [Theory]
    [InlineData(null, true)]
    [InlineData(" TRUE ", true)]
    [InlineData("false", true)]
    [InlineData("yes", false)]
    public void The_alerts_query_takes_true_or_false(string? open, bool valid) =>
        new AlertsQueryValidator().Validate(new AlertsQuery(open)).IsValid.Should().Be(valid);

    [Fact]
    public void A_choice_of_worker_and_typed_in_notes_name_each_missing_field()
    {
        new ChooseWorkerValidator().Validate(new ChooseWorkerRequest(null, null)).Fields().Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["workerId"] = ["Required: the care worker to offer to."],
            ["by"] = ["Required."],
        });
        new HandoverNotesValidator().Validate(new HandoverNotesRequest(Guid.Empty, new string('x', 2001))).Fields().Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["workerId"] = ["Required: the worker handing over."],
            ["notes"] = ["At most 2000 characters."],
        });
    }

    [Theory]
    [InlineData(null, true, false)]
    [InlineData("", true, false)]
    [InlineData("  ", false, false)]
    [InlineData("Read and checked.", true, true)]
    public void A_sign_off_may_leave_the_comment_out_but_a_query_must_ask_something(string? comment, bool signOff, bool query)
    {
        new SignOffValidator().Validate(new ReviewRequest(comment)).IsValid.Should().Be(signOff);
        new QueryValidator().Validate(new ReviewRequest(comment)).IsValid.Should().Be(query);
    }

    [Fact]
    public void An_acknowledgement_says_who_answers_for_the_alarm() =>
        new AcknowledgeAlarmValidator().Validate(new AcknowledgeAlarmRequest(" ")).Fields()
            .Should().BeEquivalentTo(new Dictionary<string, string[]> { ["acknowledgedBy"] = ["Who answers for the alarm (at most 200 characters)."] });
}
