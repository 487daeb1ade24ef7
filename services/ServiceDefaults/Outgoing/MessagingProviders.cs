using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Outgoing;

/// <summary>A provider this instance found failing, since when and why.</summary>
public sealed record ProviderTrouble(string Provider, Instant Since, string Why, Instant LastTriedAt);

/// <summary>
/// The configured providers in order of preference, with what this instance has seen of each: a provider that failed is
/// tried after the others, except that every <see cref="ProbeEvery"/> it is tried first again to see whether it is back.
/// </summary>
public sealed class MessagingProviders(IEnumerable<IMessagingProvider> providers)
{
    public static readonly Duration ProbeEvery = Duration.FromSeconds(30);

    private readonly IReadOnlyList<IMessagingProvider> configured = providers.ToList();
    private readonly Lock gate = new();
    private readonly Dictionary<string, ProviderTrouble> troubles = [];

    public IReadOnlyList<string> Names => configured.Select(p => p.Name).ToList();

    public IMessagingProvider? Named(string name) => configured.FirstOrDefault(p => p.Name == name);

    public IReadOnlyList<ProviderTrouble> Troubles()
    {
        lock (gate)
        {
            return troubles.Values.ToList();
        }
    }

    public IReadOnlyList<IMessagingProvider> InOrderOfTrust(Instant now)
    {
        lock (gate)
        {
            bool Trusted(IMessagingProvider p) => !troubles.TryGetValue(p.Name, out var trouble) || now - trouble.LastTriedAt >= ProbeEvery;
            return [.. configured.Where(Trusted), .. configured.Where(p => !Trusted(p))];
        }
    }

    /// <summary>Returns the trouble when this is the provider's first failure since it last worked (a change worth telling).</summary>
    public ProviderTrouble? Failed(string provider, string why, Instant now)
    {
        lock (gate)
        {
            if (troubles.TryGetValue(provider, out var trouble))
            {
                troubles[provider] = trouble with { Why = why, LastTriedAt = now };
                return null;
            }

            return troubles[provider] = new ProviderTrouble(provider, now, why, now);
        }
    }

    /// <summary>Returns the trouble that ended, when the provider had been failing.</summary>
    public ProviderTrouble? Worked(string provider)
    {
        lock (gate)
        {
            return troubles.Remove(provider, out var ended) ? ended : null;
        }
    }
}
