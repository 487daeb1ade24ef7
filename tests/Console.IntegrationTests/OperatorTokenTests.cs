using System.Net;
using System.Net.Http.Headers;
using Cers.Dispatch.Console.SigningIn;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>An operator's own bearer token (deploy/run.sh token): the services accept it for the roles it names, and no others.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OperatorTokenTests(ConsoleFixture system)
{
    [Theory]
    [InlineData("coordinator", HttpStatusCode.NotFound, HttpStatusCode.Forbidden)]
    [InlineData("supervisor", HttpStatusCode.NotFound, HttpStatusCode.Forbidden)]
    [InlineData("administrator", HttpStatusCode.Forbidden, HttpStatusCode.OK)]
    public async Task A_minted_token_opens_what_its_role_may_call_in_crisis_intake_and_nothing_else(
        string role, HttpStatusCode readingAnActivation, HttpStatusCode listingPartnerAgencies)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var minted = UserCommands.MintToken(system.Console.Services, ["mint-token", role, "Ola Operator", "5"], output, errors);

        minted.Should().Be(0, errors.ToString());
        var token = output.ToString().Trim();
        token.Split('.').Should().HaveCount(3, "one JWT, alone on standard output");
        using var intake = system.Intake.CreateClient();
        intake.DefaultRequestHeaders.Authorization = null;
        (await intake.GetAsync($"/activations/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        intake.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await intake.GetAsync($"/activations/{Guid.NewGuid()}")).StatusCode.Should().Be(readingAnActivation,
            "coordinators and supervisors work activations (accepted, and there is no such activation); administrators do not");
        (await intake.GetAsync("/partner-agencies")).StatusCode.Should().Be(listingPartnerAgencies, "only administrators manage partner agencies");
    }

    [Fact]
    public void A_role_nobody_signs_in_with_mints_nothing()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var refused = UserCommands.MintToken(system.Console.Services, ["mint-token", "care-worker", "Ola Operator"], output, errors);

        refused.Should().Be(1, "only the roles of people who sign in to the console can be minted");
        errors.ToString().Should().Contain("roles must be among");
        output.ToString().Should().BeEmpty();
    }
}
