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
        var rota = new OnCallRota(http, new KeptOnCallChain(), Options.Create(new OnCallOptions { Fallback = [DutyManager] }));

        var chain = await rota.ChainAsync(Instant.FromUtc(2026, 11, 25, 22, 0), CancellationToken.None);

        chain.Should().Equal(DutyManager);
    }

    [Fact]
    public async Task A_kept_chain_puts_the_caller_through_without_asking_rostering_until_it_is_stale()
    {
        var (keptAt, coordinator, night) = (Instant.FromUtc(2026, 11, 25, 19, 58), new OnCallContact("Cora", "+447700900111", "coordinator"), Instant.FromUtc(2026, 11, 25, 20, 0));
        var nightCoordinator = new OnCallContact("Nia", "+447700900112", "coordinator");
        var kept = new KeptOnCallChain();
        kept.Keep(new OnCallChainAhead(keptAt, keptAt + Duration.FromHours(2), [new(keptAt, [coordinator]), new(night, [nightCoordinator])]), keptAt);
        using var http = new HttpClient(new Refusing(new HttpRequestException("rostering is down"))) { BaseAddress = new Uri("http://rostering") };
        var rota = new OnCallRota(http, kept, Options.Create(new OnCallOptions { Fallback = [DutyManager], StaleAfterMinutes = 10 }));

        (await rota.ChainAsync(keptAt + Duration.FromMinutes(1), CancellationToken.None)).Should().Equal(coordinator, DutyManager);
        (await rota.ChainAsync(night + Duration.FromMinutes(5), CancellationToken.None)).Should().Equal(nightCoordinator, DutyManager);
        (await rota.ChainAsync(keptAt + Duration.FromMinutes(11), CancellationToken.None)).Should().Equal([DutyManager], "kept eleven minutes ago, it is stale");
    }

    private sealed class Refusing(Exception error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(error);
    }
}
