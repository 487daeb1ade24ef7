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

    /// <summary>How often rostering is asked for the chain ahead: a rota change reaches the phone line within it.</summary>
    public int RefreshSeconds { get; set; } = 5;

    /// <summary>
    /// How long a kept chain is used without a newer one; after that rostering is asked during the call, and the kept
    /// chain is used only when rostering does not answer.
    /// </summary>
    public int StaleAfterMinutes { get; set; } = 10;
}

/// <summary>
/// Rostering's on-call chain for the phone line: as this instance keeps it, else asked of rostering during the call,
/// else as kept however old, and the configured fallback always after it.
/// </summary>
public sealed class OnCallRota(HttpClient http, KeptOnCallChain kept, IOptions<OnCallOptions> options)
{
    private static readonly JsonSerializerOptions Json = NodaTimeJson.Web;

    public async Task<IReadOnlyList<OnCallContact>> ChainAsync(Instant at, CancellationToken cancellationToken)
    {
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
                // An open circuit or a timeout from the resilience pipeline is rostering being unwell, not a reason to drop
                // the call: nobody can change the rotas meanwhile, so what was kept is still the best guess.
                chain = kept.At(at, staleAfter: null);
            }
        }

        var usable = (chain ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Phone)).ToList();
        // Rostering's answer first; the configured fallback always follows so the chain never runs dry.
        var fallback = options.Value.Fallback;
        return usable.Concat(fallback.Where(f => usable.All(u => u.Phone != f.Phone))).ToList();
    }

    /// <summary>Rostering's chain from <paramref name="from"/> (this instance's now) for the next hours, to keep.</summary>
    public Task<OnCallChainAhead?> AheadAsync(Instant from, CancellationToken cancellationToken) =>
        http.GetFromJsonAsync<OnCallChainAhead>($"/on-call/chain/ahead?at={InstantPattern.ExtendedIso.Format(from)}", Json, cancellationToken);
}
