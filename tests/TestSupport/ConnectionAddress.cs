using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Cers.Dispatch.Testing;

/// <summary>
/// The in-memory test server has no network, so no connection address: here a request comes from the address in
/// <see cref="Header"/>, or from loopback (where the services' own callers are in the demo), as it would over TCP.
/// </summary>
public sealed class ConnectionAddress : IStartupFilter
{
    public const string Header = "X-Test-Connection-From";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (context.Connection.RemoteIpAddress is null)
            {
                context.Connection.RemoteIpAddress = context.Request.Headers[Header].ToString() is { Length: > 0 } from
                    ? IPAddress.Parse(from)
                    : IPAddress.Loopback;
            }

            await proceed(context);
        });
        next(app);
    };
}
