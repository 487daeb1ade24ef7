using System.Text.Json;
using Cers.Dispatch.ServiceDefaults;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.Collaborators;

/// <summary>A person to put an emergency caller through to, in the order they are tried.</summary>
public sealed record OnCallContact(string Name, string Phone, string Role);

/// <summary>The chain from <paramref name="From"/> until the next span's start, as rostering worked it out.</summary>
public sealed record OnCallChainSpan(Instant From, IReadOnlyList<OnCallContact> Chain);

/// <summary>Rostering's on-call chain over [<paramref name="From"/>, <paramref name="To"/>), span by span.</summary>
public sealed record OnCallChainAhead(Instant From, Instant To, IReadOnlyList<OnCallChainSpan> Spans);

/// <summary>
/// The "OnCall" section: who to ring when rostering's chain is not known (the duty manager's number here is the last
/// resort of every emergency call, so it must always be set in production), and how the chain is kept fresh.
/// </summary>
public sealed class OnCallOptions
{
    public const string Section = "OnCall";

    public List<OnCallContact> Fallback { get; set; } = [];

    /// <summary>How often rostering is asked for the chain ahead.</summary>
    public int RefreshSeconds { get; set; } = 30;

    /// <summary>How long a kept chain is used without a newer one; after that rostering is asked during the call.</summary>
    public int StaleAfterMinutes { get; set; } = 10;
}

/// <summary>
/// The on-call chain (coordinators in rota order, then the duty manager) as rostering last told this instance, for
/// the phone line to answer from without asking rostering during the call. Kept in memory: each instance keeps its own.
/// </summary>
public sealed class KeptOnCallChain
{
    private volatile Kept? kept;

    private sealed record Kept(OnCallChainAhead Ahead, Instant KeptAt);

    public void Keep(OnCallChainAhead ahead, Instant now) => kept = new Kept(ahead, now);

    /// <summary>The chain at <paramref name="at"/>, or null when what is kept does not reach it or is older than <paramref name="staleAfter"/>.</summary>
    public IReadOnlyList<OnCallContact>? At(Instant at, Duration staleAfter)
    {
        if (kept is not { } known || at - known.KeptAt > staleAfter || at < known.Ahead.From || at >= known.Ahead.To)
        {
            return null;
        }

        return known.Ahead.Spans.LastOrDefault(span => span.From <= at)?.Chain;
    }
}

/// <summary>Rostering's on-call chain for the phone line: as kept, else asked at once, and the configured fallback always after it.</summary>
public sealed class OnCallRota(HttpClient http, KeptOnCallChain kept, IOptions<OnCallOptions> options)
{
    private static readonly JsonSerializerOptions Json = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public async Task<IReadOnlyList<OnCallContact>> ChainAsync(Instant at, CancellationToken cancellationToken)
    {
        var fallback = options.Value.Fallback;
        var chain = kept.At(at, Duration.FromMinutes(options.Value.StaleAfterMinutes));
        if (chain is null)
        {
            try
            {
                chain = await http.GetFromJsonAsync<List<OnCallContact>>($"/on-call/chain?at={InstantPattern.ExtendedIso.Format(at)}", cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException
                                       or Polly.ExecutionRejectedException)
            {
                // An open circuit or a timeout from the resilience pipeline is rostering being unwell, not a reason to drop the call.
                return fallback;
            }
        }

        var usable = (chain ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Phone)).ToList();
        // Rostering's answer first; the configured fallback always follows so the chain never runs dry.
        return usable.Concat(fallback.Where(f => usable.All(u => u.Phone != f.Phone))).ToList();
    }

    /// <summary>Rostering's chain from now for the next hours, to keep.</summary>
    public async Task<OnCallChainAhead?> AheadAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<OnCallChainAhead>("/on-call/chain/ahead", Json, cancellationToken);
}

/// <summary>
/// Asks rostering for the on-call chain ahead every OnCall:RefreshSeconds and keeps it, so that an emergency call is put
/// through without waiting on rostering. A rota change reaches the phone line within one refresh.
/// </summary>
public sealed class KeepingOnCallChainFresh(
    IServiceScopeFactory scopes, KeptOnCallChain kept, IClock clock, IOptions<OnCallOptions> options, ILogger<KeepingOnCallChainFresh> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                if (await scope.ServiceProvider.GetRequiredService<OnCallRota>().AheadAsync(stoppingToken) is { } ahead)
                {
                    kept.Keep(ahead, clock.GetCurrentInstant());
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Rostering's on-call chain could not be fetched; the phone line uses what it kept, then asks during the call");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.RefreshSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
