using Cers.Dispatch.CrisisIntake.Collaborators;
using Microsoft.Extensions.Options;
using NodaTime;
using Polly.CircuitBreaker;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class OnCallRotaTests
{
    private static readonly OnCallContact DutyManager = new("Duty manager", "+447700900999", "duty-manager");

    [Fact]
    public async Task When_rostering_s_circuit_is_open_the_caller_still_reaches_the_duty_manager()
    {
        using var http = new HttpClient(new Refusing(new BrokenCircuitException("rostering is failing"))) { BaseAddress = new Uri("http://rostering") };
        var rota = new OnCallRota(http, Options.Create(new OnCallOptions { Fallback = [DutyManager] }));

        var chain = await rota.ChainAsync(Instant.FromUtc(2026, 11, 25, 22, 0), CancellationToken.None);

        chain.Should().Equal(DutyManager);
    }

    private sealed class Refusing(Exception error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(error);
    }
}
