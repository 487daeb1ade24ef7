using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.Console.Supervision;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Tests;

public sealed class AuditTrailTests
{
    [Theory]
    [InlineData("2026-07-01T09:30", "2026-07-01T08:30:00Z")]
    [InlineData("2026-12-01T09:30:15", "2026-12-01T09:30:15Z")]
    [InlineData("2026-11-25T16:00:00Z", "2026-11-25T16:00:00Z")]
    public void A_picked_time_is_UK_time_and_an_ISO_instant_is_taken_as_it_is(string picked, string instant)
    {
        UkTimes.TryParse(picked, out var asOf).Should().BeTrue();

        asOf.Should().Be(InstantPattern.ExtendedIso.Parse(instant).Value);
    }

    [Fact]
    public void A_time_that_is_not_a_time_is_refused() =>
        UkTimes.TryParse("yesterday", out _).Should().BeFalse();

    [Fact]
    public void Who_took_a_step_is_read_from_its_by_field_whether_a_name_or_a_reporter()
    {
        static System.Text.Json.JsonElement Json(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;

        AuditTrail.Who(Json("""{"activationId":"x","by":"Coordinator C. Ahmed","text":"Rang"}""")).Should().Be("Coordinator C. Ahmed");
        AuditTrail.Who(Json("""{"reportedBy":{"agency":"Police","name":"PC Rowe"}}""")).Should().Be("PC Rowe (Police)");
        AuditTrail.Who(Json("""{"raisedBy":{"name":"Asha Patel","role":"care-worker"}}""")).Should().Be("Asha Patel (care worker)");
        AuditTrail.Who(Json("""{"callSid":"CA1","name":"Cara Ahmed","role":"coordinator"}""")).Should().Be("Cara Ahmed (coordinator)");
        AuditTrail.Who(Json("""{"source":"rostering","summary":"Ben Okoro arrived"}""")).Should().BeNull();
    }
}
