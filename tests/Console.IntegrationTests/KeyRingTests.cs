using System.Net;
using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.ServiceDefaults.Access;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>Two console instances behind a load balancer: a person may land on either with every request.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class KeyRingTests(ConsoleFixture system)
{
    [Fact]
    public async Task Signed_in_on_one_console_instance_a_coordinator_is_signed_in_on_the_other_and_its_forms_are_accepted_there()
    {
        var username = $"kim.{Guid.NewGuid():N}"[..16];
        await system.Console.Services.GetRequiredService<ConsoleUsers>()
            .CreateAsync(username, "Kim Lowe", ConsoleFixture.Password, [CersRoles.Coordinator], CancellationToken.None);
        await using var other = system.AnotherConsoleInstance();
        var cookies = new CookieContainer();
        using var first = Client(system.Console, cookies);
        using var second = Client(other, cookies);

        var formFromTheFirst = await first.GetStringAsync("/sign-in");
        using var signedInOnTheSecond = await ConsoleSession.PostFormAsync(second, "/sign-in", formFromTheFirst, new() { ["username"] = username, ["password"] = ConsoleFixture.Password });
        using var boardOnTheFirst = await first.GetAsync("/api/board");

        signedInOnTheSecond.StatusCode.Should().Be(HttpStatusCode.Redirect, "a form served by one instance is accepted by the other");
        boardOnTheFirst.StatusCode.Should().Be(HttpStatusCode.OK, "the sign-in cookie the second instance issued is read by the first");
        await using var session = system.Console.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Query<DataProtectionKey>().CountAsync()).Should().BeGreaterThan(0, "the key ring is kept in PostgreSQL, shared by every instance");
    }

    private static HttpClient Client(Testing.ServiceHost<ConsoleApp> console, CookieContainer cookies)
    {
        var client = console.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }
}
