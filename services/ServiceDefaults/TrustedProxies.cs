using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// Whose <c>X-Forwarded-For</c> is believed: only that of the proxies named in <c>Network:TrustedProxies</c> (addresses
/// or CIDR ranges), and only their own hop. Anyone else's header is ignored, so a caller cannot choose the address that
/// a plan link's opening is recorded from, or that sign-in waits are counted against. With none named, the connection's
/// own address is the caller's, as it is for phones reaching the console directly.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "Network:TrustedProxies";

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var trusted = (app.Configuration.GetSection(Section).Get<string[]>() ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToArray();
        if (trusted.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        // ASP.NET Core trusts loopback by default; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{Section} holds '{entry}', which is neither an IP address nor a CIDR range.");
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
