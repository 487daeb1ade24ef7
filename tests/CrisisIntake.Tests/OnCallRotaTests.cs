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

    private static readonly Instant KeptAt = Instant.FromUtc(2026, 11, 25, 19, 58);
    private static readonly Instant NightStarts = Instant.FromUtc(2026, 11, 25, 20, 0);
    private static readonly OnCallContact Cora = new("Cora", "+447700900111", "coordinator");
    private static readonly OnCallContact Nia = new("Nia", "+447700900112", "coordinator");
    private static readonly OnCallContact Rui = new("Rui", "+447700900113", "coordinator");

    /// <summary>Cora until 20:00, then Nia, kept at 19:58 for two hours.</summary>
    private static KeptOnCallChain KeptBeforeTheNightShift()
    {
        var kept = new KeptOnCallChain();
        kept.Keep(new OnCallChainAhead(KeptAt, KeptAt + Duration.FromHours(2), [new(KeptAt, [Cora]), new(NightStarts, [Nia])]), KeptAt);
        return kept;
    }

    private static OnCallRota Rota(KeptOnCallChain kept, HttpMessageHandler rostering) =>
        new(new HttpClient(rostering) { BaseAddress = new Uri("http://rostering") }, kept,
            Options.Create(new OnCallOptions { Fallback = [DutyManager], StaleAfterMinutes = 10 }));

    [Fact]
    public async Task A_kept_chain_puts_the_caller_through_without_asking_rostering_the_span_in_force_at_the_call()
    {
        var rota = Rota(KeptBeforeTheNightShift(), new Refusing(new InvalidOperationException("rostering must not be asked")));

        (await rota.ChainAsync(KeptAt, CancellationToken.None)).Should().Equal(Cora, DutyManager);
        (await rota.ChainAsync(NightStarts - Duration.FromTicks(1), CancellationToken.None)).Should().Equal(Cora, DutyManager);
        (await rota.ChainAsync(NightStarts, CancellationToken.None)).Should().Equal(Nia, DutyManager);
    }

    [Fact]
    public async Task A_stale_kept_chain_gives_way_to_rosterings_answer_and_is_used_only_when_rostering_does_not_answer()
    {
        var eleventhMinute = KeptAt + Duration.FromMinutes(11);

        (await Rota(KeptBeforeTheNightShift(), new Answering($"[{{\"name\":\"Rui\",\"phone\":\"{Rui.Phone}\",\"role\":\"coordinator\"}}]"))
            .ChainAsync(eleventhMinute, CancellationToken.None)).Should().Equal(Rui, DutyManager);
        (await Rota(KeptBeforeTheNightShift(), new Refusing(new HttpRequestException("rostering is down")))
            .ChainAsync(eleventhMinute, CancellationToken.None)).Should().Equal(Nia, DutyManager);
    }

    [Fact]
    public async Task A_call_past_what_was_kept_asks_rostering_and_without_an_answer_reaches_the_fallback()
    {
        var rota = Rota(KeptBeforeTheNightShift(), new Refusing(new HttpRequestException("rostering is down")));

        (await rota.ChainAsync(KeptAt + Duration.FromHours(2), CancellationToken.None)).Should().Equal(DutyManager);
        (await rota.ChainAsync(KeptAt - Duration.FromMinutes(1), CancellationToken.None)).Should().Equal(DutyManager);
    }

    private sealed class Answering(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            });
    }

    private sealed class Refusing(Exception error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(error);
    }
}
