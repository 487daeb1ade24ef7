using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.Rostering.Privacy;

/// <summary>
/// Opens sealed values for the relay to the bus: other services hear the handover notes as before (crisis intake seals
/// what it keeps of them), or the erased marker once the activation's key is shredded.
/// </summary>
public sealed class OpeningForTheRelay(IServiceProvider services, PersonalDataVault vault)
{
    public string Show(Sealed<string> value)
    {
        // Resolved on first use, not injected: the relay is one of the store's own subscriptions, built while the store is.
        var store = services.GetRequiredService<IDocumentStore>();
        using var session = store.QuerySession();

        // The contract map is synchronous (IContractMap). It runs on the daemon's background thread, which has no
        // synchronisation context to deadlock on, and the vault caches the key after the first read.
        var key = vault.KeyAsync(session, value.KeyId, CancellationToken.None).GetAwaiter().GetResult();
        return key.Show(value);
    }
}
