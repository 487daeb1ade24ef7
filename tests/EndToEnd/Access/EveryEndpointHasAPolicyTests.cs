using Cers.Dispatch.Testing;

namespace Cers.Dispatch.EndToEnd.Access;

/// <summary>Every route of every service says who it is for: a named policy, or anonymous for a stated reason.</summary>
[Collection(SystemCollection.Name)]
public sealed class EveryEndpointHasAPolicyTests(WholeSystemFixture whole, SystemFixture system) : IClassFixture<WholeSystemFixture>
{
    public static TheoryData<string> Services => ["card-lookup", "crisis-intake", "rostering", "escalation", "console"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_route_names_its_policy(string service)
    {
        var provider = service switch
        {
            "card-lookup" => whole.CardLookup.Services,
            "crisis-intake" => whole.Intake.Services,
            "rostering" => whole.Rostering.Services,
            "escalation" => whole.Escalation.Services,
            _ => system.Console.Services,
        };

        EndpointPolicies.RouteCount(provider).Should().BeGreaterThan(2, "the service maps its API");
        EndpointPolicies.Unlabelled(provider).Should().BeEmpty($"every {service} route must carry a policy or be explicitly anonymous");
    }
}
