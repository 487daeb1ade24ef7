using System.Net;
using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>Wrong passwords slow a guesser down on the console's clock; they never lock the account's owner out.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInThrottlingTests(ConsoleFixture system)
{
    [Fact]
    public async Task After_five_wrong_passwords_a_try_made_within_the_second_is_not_checked_and_the_right_password_then_gets_in()
    {
        var username = $"slowed.{Guid.NewGuid():N}"[..20];
        await system.Console.Services.GetRequiredService<ConsoleUsers>()
            .CreateAsync(username, "Sam Slowed", ConsoleFixture.Password, [CersRoles.Coordinator], CancellationToken.None);
        using var browser = ConsoleSession.Browser(system.Console);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (wrongStatus, wrongPage) = await ConsoleSession.TrySignInAsync(browser, username, "not the password");
            wrongStatus.Should().Be(HttpStatusCode.Unauthorized);
            wrongPage.Should().Contain("do not match");
        }

        var (tooSoonStatus, tooSoonPage) = await ConsoleSession.TrySignInAsync(browser, username, ConsoleFixture.Password);
        system.Clock.Advance(Duration.FromSeconds(1));
        var (laterStatus, _) = await ConsoleSession.TrySignInAsync(browser, username, ConsoleFixture.Password);

        tooSoonStatus.Should().Be(HttpStatusCode.TooManyRequests, "an attempt made too soon is not checked, right password or not");
        tooSoonPage.Should().Contain("Too many wrong passwords lately").And.Contain("wait 1 s");
        laterStatus.Should().Be(HttpStatusCode.Redirect, "a guesser slows the account down; it never keeps its owner out");
    }
}
