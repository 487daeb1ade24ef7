using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>Names this process when it calls another service on its own behalf.</summary>
public sealed record ServiceIdentity(string Name);

/// <summary>Calls made on this service's own behalf (no person behind them) carry a token with the service role.</summary>
public sealed class ServiceToken(CersTokens tokens, ServiceIdentity identity) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue(
            "Bearer", tokens.Mint($"service:{identity.Name}", identity.Name, [CersRoles.Service]));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Calls the console makes for a signed-in person carry that person (name and roles), so the service enforces their
/// role and records who did it. With nobody signed in, no token is sent and the service refuses the call.
/// </summary>
public sealed class SignedInUserToken(CersTokens tokens, IHttpContextAccessor http) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && http.HttpContext?.User is { Identity.IsAuthenticated: true } user)
        {
            var name = user.Identity?.Name ?? "unknown";
            var subject = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? name;
            var roles = user.FindAll(ClaimTypes.Role).Concat(user.FindAll(CersTokens.RoleClaim)).Select(c => c.Value);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Mint(subject, name, roles));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
