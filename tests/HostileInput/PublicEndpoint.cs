using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.HostileInput;

/// <summary>One route a service answers from outside, as its endpoint table says, so a new endpoint is attacked too.</summary>
public sealed record PublicEndpoint(string Method, RoutePattern Pattern, bool Anonymous, bool ReadsBody)
{
    public string Route => "/" + Pattern.RawText!.TrimStart('/');

    /// <summary>
    /// Whether the endpoint reads a request body (JSON or a form, as its metadata says). Commands without input, such as
    /// "run the retention sweep now", ignore any body, so a malformed one is not an attack on them.
    /// </summary>
    public bool TakesBody => Method is "POST" or "PUT" or "PATCH" && ReadsBody;

    public bool IsTwilioWebhook => Route.StartsWith("/twilio/", StringComparison.Ordinal);

    /// <summary>Health probes and the console's static sign-in pages answer anyone by design; there is nothing to refuse.</summary>
    public bool OpenByDesign => Route.StartsWith("/health", StringComparison.Ordinal) || (Anonymous && Method == "GET" && Pattern.Parameters.Count == 0);

    public static IReadOnlyList<PublicEndpoint> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
                new PublicEndpoint(
                    method, e.RoutePattern, e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                    e.Metadata.GetMetadata<IAcceptsMetadata>() is not null || e.Metadata.OfType<IFromFormMetadata>().Any())))
            // SignalR's negotiate and transport routes speak their own protocol; the board hub's policy is checked by a page test.
            .Where(e => !e.Route.StartsWith("/hubs/", StringComparison.Ordinal) && e.Method != "OPTIONS")
            .DistinctBy(e => (e.Method, e.Route))
            .ToList();

    public override string ToString() => $"{Method} {Route}";
}
