using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>One key of the console's data-protection key ring, as the key manager wrote it.</summary>
public sealed record DataProtectionKey(string Id, string Xml);

/// <summary>
/// The keys that protect the sign-in cookie and the forms' antiforgery tokens, kept in PostgreSQL so every console
/// instance reads the same ring: a coordinator sent to the other instance by the load balancer stays signed in and
/// their form is still accepted. Without it each pod keeps keys of its own, and a request that lands on the other pod
/// is treated as signed out.
/// </summary>
public sealed class KeyRingInPostgres(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The key manager's interface is synchronous, and Marten's reads are not; the ring is read at start and then
        // about once a day, off any request's path.
        using var session = store.QuerySession();
        return session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Insert(new DataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        // A key is written about once in ninety days.
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}

public static class KeyRingRegistration
{
    public static void AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("cers-console");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IDocumentStore>((options, store) => options.XmlRepository = new KeyRingInPostgres(store));
    }
}
