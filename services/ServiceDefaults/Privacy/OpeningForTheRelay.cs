using System.Diagnostics.CodeAnalysis;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// Opens sealed values for the relay to the bus: other services hear them as before (and seal what they keep of them),
/// or the erased marker once the subject's key is shredded. The bus is not storage.
/// </summary>
public sealed class OpeningForTheRelay(IServiceProvider services, PersonalDataVault vault)
{
    [return: NotNullIfNotNull(nameof(value))]
    public string? Show(Sealed<string>? value)
    {
        if (value is null || value.WasStoredInClear)
        {
            return value?.Envelope;
        }

        // Resolved on first use, not injected: the contract map is built while the store is.
        var store = services.GetRequiredService<IDocumentStore>();
        using var session = store.QuerySession();

        // The contract map is synchronous (IContractMap). It runs on the relay's background thread, which has no
        // synchronisation context to deadlock on, and the vault caches the key after the first read.
        var key = vault.KeyAsync(session, value.KeyId, CancellationToken.None).GetAwaiter().GetResult();
        return key.Show(value);
    }
}
