using System.Net;
using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>A password change or a disabled account ends the account's sessions, not only the next sign-in.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccountTests(ConsoleFixture system)
{
    private const string NewPassword = "a different long passphrase";

    private ConsoleUsers Users => system.Console.Services.GetRequiredService<ConsoleUsers>();

    [Fact]
    public async Task Changing_the_password_keeps_this_session_ends_every_other_and_only_the_new_password_signs_in()
    {
        var username = await NewCoordinatorAsync();
        using var here = await ConsoleSession.SignInAsync(system.Console, username, ConsoleFixture.Password);
        using var elsewhere = await ConsoleSession.SignInAsync(system.Console, username, ConsoleFixture.Password);

        using var changed = await ChangePasswordAsync(here, ConsoleFixture.Password, NewPassword, NewPassword);

        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).Should().Contain("Every other session of yours has been signed out");
        (await here.GetAsync("/api/board")).StatusCode.Should().Be(HttpStatusCode.OK, "the session that changed it goes on");
        (await elsewhere.GetAsync("/api/board")).StatusCode.Should().BeOneOf([HttpStatusCode.Redirect, HttpStatusCode.Unauthorized], "the other session ended with the old password");
        (await TrySignInAsync(username, ConsoleFixture.Password)).Should().Be(HttpStatusCode.Unauthorized);
        (await TrySignInAsync(username, NewPassword)).Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_mistyped_repetition_changes_nothing_and_says_why()
    {
        var username = await NewCoordinatorAsync();
        using var here = await ConsoleSession.SignInAsync(system.Console, username, ConsoleFixture.Password);
        using var elsewhere = await ConsoleSession.SignInAsync(system.Console, username, ConsoleFixture.Password);

        using var wrongCurrent = await ChangePasswordAsync(here, "not my password at all", NewPassword, NewPassword);
        using var mistyped = await ChangePasswordAsync(here, ConsoleFixture.Password, NewPassword, NewPassword + "!");
        using var tooShort = await ChangePasswordAsync(here, ConsoleFixture.Password, "short", "short");

        wrongCurrent.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrongCurrent.Content.ReadAsStringAsync()).Should().Contain("current password is not right");
        mistyped.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await mistyped.Content.ReadAsStringAsync()).Should().Contain("differ");
        tooShort.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tooShort.Content.ReadAsStringAsync()).Should().Contain("at least 12 characters");
        (await elsewhere.GetAsync("/api/board")).StatusCode.Should().Be(HttpStatusCode.OK, "nothing changed, so no session ended");
        (await TrySignInAsync(username, ConsoleFixture.Password)).Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_and_the_right_password_is_then_told_it_is_disabled_until_enabled()
    {
        var username = await NewCoordinatorAsync();
        using var signedIn = await ConsoleSession.SignInAsync(system.Console, username, ConsoleFixture.Password);

        await Users.DisableAsync(username, "left the service", CancellationToken.None);

        (await signedIn.GetAsync("/api/board")).StatusCode.Should().BeOneOf([HttpStatusCode.Redirect, HttpStatusCode.Unauthorized], "the session ended when the account was disabled");
        (await TrySignInAsync(username, ConsoleFixture.Password)).Should().Be(HttpStatusCode.Forbidden);
        (await TrySignInAsync(username, "a wrong password here")).Should().Be(HttpStatusCode.Unauthorized, "without the password nobody learns it is disabled");
        await Users.EnableAsync(username, CancellationToken.None);
        (await TrySignInAsync(username, ConsoleFixture.Password)).Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_administrator_setting_a_new_password_ends_every_session_of_the_account()
    {
        var username = await NewCoordinatorAsync();
        using var signedIn = await ConsoleSession.SignInAsync(system.Console, username, ConsoleFixture.Password);

        await Users.SetPasswordAsync(username, NewPassword, CancellationToken.None);

        (await signedIn.GetAsync("/api/board")).StatusCode.Should().BeOneOf([HttpStatusCode.Redirect, HttpStatusCode.Unauthorized]);
        (await TrySignInAsync(username, NewPassword)).Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_account_added_from_the_command_line_has_the_roles_it_was_given_and_signs_in()
    {
        var username = $"cli.{Guid.NewGuid():N}"[..20];

        int exit;
        Environment.SetEnvironmentVariable(UserCommands.PasswordVariable, ConsoleFixture.Password);
        try
        {
            exit = await UserCommands.AddUserAsync(system.Console.Services, ["add-user", username, "Cleo Line", "supervisor,coordinator"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(UserCommands.PasswordVariable, null);
        }

        exit.Should().Be(0);
        await using var session = system.Console.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        (await session.LoadAsync<ConsoleUser>(ConsoleUser.IdFor(username)))!.Roles.Should().Equal(CersRoles.Supervisor, CersRoles.Coordinator);
        (await TrySignInAsync(username, ConsoleFixture.Password)).Should().Be(HttpStatusCode.Redirect);
    }

    private async Task<string> NewCoordinatorAsync()
    {
        var username = $"acct.{Guid.NewGuid():N}"[..20];
        await Users.CreateAsync(username, "Alex Account", ConsoleFixture.Password, [CersRoles.Coordinator], CancellationToken.None);
        return username;
    }

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next, string repeat)
    {
        var form = await client.GetStringAsync(PasswordPage.Path);
        return await ConsoleSession.PostFormAsync(client, PasswordPage.Path, form, new()
        {
            ["currentPassword"] = current,
            ["newPassword"] = next,
            ["repeatPassword"] = repeat,
        });
    }

    private async Task<HttpStatusCode> TrySignInAsync(string username, string password)
    {
        using var browser = ConsoleSession.Browser(system.Console);
        return (await ConsoleSession.TrySignInAsync(browser, username, password)).Status;
    }
}
