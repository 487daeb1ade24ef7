using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.Collaborators;

/// <summary>A person to put an emergency caller through to, in the order they are tried.</summary>
public sealed record OnCallContact(string Name, string Phone, string Role);

/// <summary>
/// The "OnCall" section: who to ring when rostering cannot say who is on call. The duty manager's number here is the last
/// resort of every emergency call, so it must always be set in production.
/// </summary>
public sealed class OnCallOptions
{
    public const string Section = "OnCall";

    public List<OnCallContact> Fallback { get; set; } = [];
}

/// <summary>Asks rostering for the on-call chain (coordinators in rota order, then the duty manager).</summary>
public sealed class OnCallRota(HttpClient http, IOptions<OnCallOptions> options)
{
    public async Task<IReadOnlyList<OnCallContact>> ChainAsync(Instant at, CancellationToken cancellationToken)
    {
        var fallback = options.Value.Fallback;
        try
        {
            var chain = await http.GetFromJsonAsync<List<OnCallContact>>($"/on-call/chain?at={InstantPattern.ExtendedIso.Format(at)}", cancellationToken);
            var usable = (chain ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Phone)).ToList();
            // Rostering's answer first; the configured fallback always follows so the chain never runs dry.
            return usable.Concat(fallback.Where(f => usable.All(u => u.Phone != f.Phone))).ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or NotSupportedException
                                   or Polly.ExecutionRejectedException)
        {
            // An open circuit or a timeout from the resilience pipeline is rostering being unwell, not a reason to drop the call.
            return fallback;
        }
    }
}
