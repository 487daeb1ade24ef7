using System.Net;
using System.Net.Http.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.Escalation.IntegrationTests;

[Collection(EscalationCollection.Name)]
public sealed class AccessTests(EscalationFixture fixture)
{
    [Fact]
    public async Task A_coordinator_can_read_a_timer_but_only_a_service_can_start_or_cancel_one()
    {
        var timer = await Api.StartTimerAsync(
            fixture.Host.CreateClientAs(CersRoles.Service), Guid.NewGuid(), "offer-deadline", fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(10));
        var coordinator = fixture.Host.CreateClientAs(CersRoles.Coordinator);

        (await coordinator.GetAsync($"/timers/{timer.TimerId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var cancel = await coordinator.DeleteAsync($"/timers/{timer.TimerId}");
        using var start = await coordinator.PostAsJsonAsync("/timers", new
        {
            activationId = Guid.NewGuid(), kind = "offer-deadline", dueAt = fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(5),
        });

        cancel.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        start.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await cancel.Content.ReadAsStringAsync()).Should().Contain("service");
        (await Api.TimerAsync(fixture.Host.CreateClient(), timer.TimerId)).State.Should().Be("pending");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var forged = new CersTokens(Microsoft.Extensions.Options.Options.Create(new AccessOptions { SigningKey = new string('x', 40) }), TimeProvider.System)
            .Mint("intruder", "intruder", [CersRoles.Service]);
        var client = fixture.Host.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);

        using var response = await client.GetAsync("/timers");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("refused");
    }
}
