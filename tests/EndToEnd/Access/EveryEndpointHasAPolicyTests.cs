using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.EndToEnd.Access;

/// <summary>
/// Every route of every service says who it is for (a named policy, or anonymous for a stated reason), and every
/// route behind a policy refuses a caller without credentials (401) and a signed-in caller of another role (403).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class EveryEndpointHasAPolicyTests(WholeSystemFixture whole, SystemFixture system) : IClassFixture<WholeSystemFixture>
{
    public static TheoryData<string> Services => ["card-lookup", "crisis-intake", "rostering", "escalation", "console"];

    public static TheoryData<string> Backends => ["card-lookup", "crisis-intake", "rostering", "escalation"];

    /// <summary>The roles people and partners actually hold, most plausible intruder first.</summary>
    private static readonly string[] Intruders =
        [CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.Administrator, CersRoles.PartnerAgency, CersRoles.CareWorker];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_route_names_its_policy(string service)
    {
        var provider = ServicesOf(service);

        EndpointPolicies.RouteCount(provider).Should().BeGreaterThan(2, "the service maps its API");
        EndpointPolicies.Unlabelled(provider).Should().BeEmpty($"every {service} route must carry a policy or be explicitly anonymous");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Every_protected_route_refuses_strangers_and_the_wrong_role(string service)
    {
        var (provider, client) = (ServicesOf(service), ClientOf(service));
        var protectedRoutes = provider.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => (Route: e, Policy: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null)))
            .Where(r => r.Policy is not null)
            .ToList();
        protectedRoutes.Should().NotBeEmpty();

        var wrong = new List<string>();
        foreach (var (route, policy) in protectedRoutes)
        {
            var intruder = Intruders.First(role => !AccessRegistration.RolesByPolicy[policy!].Contains(role));
            foreach (var method in route.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var path = RouteParameter().Replace(route.RoutePattern.RawText!, _ => Guid.NewGuid().ToString());
                using var anonymous = await SendAsync(client, method, path, token: null);
                using var asIntruder = await SendAsync(client, method, path, TestAccess.Token(intruder));
                if (anonymous.StatusCode != HttpStatusCode.Unauthorized || asIntruder.StatusCode != HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{method} {path} ({policy}): no credentials {(int)anonymous.StatusCode}, {intruder} {(int)asIntruder.StatusCode}");
                }
            }
        }

        wrong.Should().BeEmpty($"{service}'s protected routes answer 401 without credentials and 403 to a {string.Join('/', Intruders)} not allowed");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private IServiceProvider ServicesOf(string service) => service switch
    {
        "card-lookup" => whole.CardLookup.Services,
        "crisis-intake" => whole.Intake.Services,
        "rostering" => whole.Rostering.Services,
        "escalation" => whole.Escalation.Services,
        _ => system.Console.Services,
    };

    private HttpClient ClientOf(string service) => service switch
    {
        "card-lookup" => whole.CardLookup.CreateAnonymousClient(),
        "crisis-intake" => whole.Intake.CreateAnonymousClient(),
        "rostering" => whole.Rostering.CreateAnonymousClient(),
        _ => whole.Escalation.CreateAnonymousClient(),
    };

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
