using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Collaborators;

/// <summary>
/// The on-call chain (coordinators in rota order, then the duty manager) as rostering last told this instance, for
/// the phone line to answer from without asking rostering during the call. Kept in memory: each instance keeps its own.
/// </summary>
public sealed class KeptOnCallChain
{
    private volatile Kept? kept;

    private sealed record Kept(OnCallChainAhead Ahead, Instant KeptAt);

    public void Keep(OnCallChainAhead ahead, Instant now) => kept = new Kept(ahead, now);

    /// <summary>
    /// The chain at <paramref name="at"/>; null when nothing kept reaches it, or what is kept is older than
    /// <paramref name="staleAfter"/> (when given).
    /// </summary>
    public IReadOnlyList<OnCallContact>? At(Instant at, Duration? staleAfter)
    {
        if (kept is not { } known || at < known.Ahead.From || at >= known.Ahead.To || at - known.KeptAt > staleAfter)
        {
            return null;
        }

        return known.Ahead.Spans.LastOrDefault(span => span.From <= at)?.Chain;
    }
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
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var now = clock.GetCurrentInstant();
                if (await scope.ServiceProvider.GetRequiredService<OnCallRota>().AheadAsync(now, stoppingToken) is { } ahead)
                {
                    kept.Keep(ahead, now);
                }

                if (failing)
                {
                    logger.LogInformation("Rostering's on-call chain is fetched again");
                    failing = false;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    logger.LogWarning(e, "Rostering's on-call chain could not be fetched; the phone line uses what it kept, then asks during the call");
                    failing = true;
                }
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
