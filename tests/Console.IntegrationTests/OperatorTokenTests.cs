using System.Net;
using System.Net.Http.Headers;
using Cers.Dispatch.Console.SigningIn;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>An operator's own bearer token (deploy/run.sh token): the services accept it for the roles it names, and no others.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OperatorTokenTests(ConsoleFixture system)
{
    [Fact]
    public async Task A_minted_supervisor_token_reads_an_activation_from_crisis_intake_and_a_bad_request_mints_nothing()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var minted = UserCommands.MintToken(system.Console.Services, ["mint-token", "supervisor", "Ola Operator", "5"], output, errors);
        var refused = UserCommands.MintToken(system.Console.Services, ["mint-token", "care-worker", "Ola Operator"], output, errors);

        minted.Should().Be(0);
        refused.Should().Be(1, "only the roles of people who sign in to the console can be minted");
        errors.ToString().Should().Contain("roles must be among");
        var token = output.ToString().Trim();
        token.Split('.').Should().HaveCount(3, "one JWT, alone on standard output");
        using var intake = system.Intake.CreateClient();
        intake.DefaultRequestHeaders.Authorization = null;
        (await intake.GetAsync($"/activations/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        intake.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await intake.GetAsync($"/activations/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the token is accepted; there is no such activation");
    }
}
