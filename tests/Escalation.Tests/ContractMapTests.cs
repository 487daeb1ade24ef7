using System.Text.Json;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Staffing;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.ServiceDefaults;
using JasperFx.Events;
using NodaTime;
using Published = Cers.Dispatch.Contracts.Escalation;

namespace Cers.Dispatch.Escalation.Tests;

public sealed class ContractMapTests
{
    private static readonly Guid ActivationId = Guid.Parse("0193a6f0-0000-7000-8000-000000000009");
    private static readonly Instant At = Instant.FromUtc(2026, 3, 29, 2, 0).PlusTicks(1_234_567);

    private static object? Map(object data) => new ContractMap().ToContracts(new Event<object>(data)).SingleOrDefault();

    [Fact]
    public void What_other_services_hear_carries_every_field_of_the_stored_event()
    {
        var timerId = Guid.NewGuid();

        Map(new TimerFired(ActivationId, timerId, "offer-deadline", At, "offer-1", At + Duration.FromMilliseconds(3)))
            .Should().Be(new Published.TimerFired(timerId, ActivationId, "offer-deadline", At, At + Duration.FromMilliseconds(3), "offer-1"));
        Map(new CoverLimitWarningSent(ActivationId, 4, At, At)).Should().Be(new Published.CoverLimitWarning(ActivationId, 4, At, At));
        Map(new CoverLimitReached(ActivationId, At, At)).Should().Be(new Published.CoverLimitReached(ActivationId, At, At));
        Map(new ActivationUnstaffedTooLong(ActivationId, At, At)).Should().Be(new Published.ActivationUnstaffedTooLong(ActivationId, At, At));
        Map(new CoverLimitEscalated(ActivationId, 3, ["duty-manager", "supervisor"], At)).Should()
            .BeEquivalentTo(new Published.CoverLimitEscalated(ActivationId, 3, ["duty-manager", "supervisor"], At));
        Map(new CoverLimitSet(ActivationId, At, At + Duration.FromHours(72), 72, [new LocalDate(2026, 12, 25)], "scotland", At)).Should()
            .BeEquivalentTo(new Published.CoverLimitSet(ActivationId, At, At + Duration.FromHours(72), 72, [new LocalDate(2026, 12, 25)], "scotland"));
    }

    [Fact]
    public void Timer_bookkeeping_and_decisions_taken_elsewhere_stay_internal()
    {
        Map(new TimerScheduled(ActivationId, Guid.NewGuid(), "offer-deadline", At, null, At)).Should().BeNull();
        Map(new TimerCancelled(ActivationId, Guid.NewGuid(), "offer-deadline", "cancelled by request", At)).Should().BeNull();
        Map(new CoverLimitResolved(ActivationId, CoverResolution.EndedEarly, "carer home", "Sam", At)).Should().BeNull();
    }

    [Fact]
    public void A_cover_limit_message_keeps_its_instants_and_dates_as_ISO_strings_on_the_wire()
    {
        var message = new Published.CoverLimitSet(ActivationId, At, At + Duration.FromHours(48), 48, [new LocalDate(2026, 4, 6)], "england-and-wales");
        var options = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

        var json = JsonSerializer.Serialize(message, options);

        json.Should().Contain("\"coverStartedAt\":\"2026-03-29T02:00:00.1234567Z\"").And.Contain("\"bankHolidaysInWindow\":[\"2026-04-06\"]");
        JsonSerializer.Deserialize<Published.CoverLimitSet>(json, options).Should().BeEquivalentTo(message);
    }
}
