using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>
/// The console's accounts from the command line. Passwords come from the environment, never the command line, so they
/// do not end up in shell history or the process list.
/// </summary>
public static class UserCommands
{
    public const string PasswordVariable = "CONSOLE_USER_PASSWORD";
    public const string DemoPasswordVariable = "CERS_DEMO_PASSWORD";

    /// <summary>The demo accounts `seed-demo` creates, all with the password in CERS_DEMO_PASSWORD.</summary>
    public static readonly (string Username, string DisplayName, string[] Roles)[] DemoUsers =
    [
        ("coordinator", "Demo Coordinator", [CersRoles.Coordinator]),
        ("supervisor", "Demo Supervisor", [CersRoles.Supervisor]),
        ("admin", "Demo Administrator", [CersRoles.Administrator]),
    ];

    /// <summary><c>add-user &lt;username&gt; &lt;display name&gt; &lt;role&gt;[,&lt;role&gt;]</c> with the password in CONSOLE_USER_PASSWORD.</summary>
    public static async Task<int> AddUserAsync(IServiceProvider services, string[] args)
    {
        if (args is not [_, var username, var displayName, var roles])
        {
            System.Console.Error.WriteLine($"Usage: add-user <username> \"<display name>\" <role>[,<role>]   (roles: {string.Join(", ", CersRoles.People)}; password in {PasswordVariable})");
            return 2;
        }

        if (Environment.GetEnvironmentVariable(PasswordVariable) is not { Length: > 0 } password)
        {
            System.Console.Error.WriteLine($"Set {PasswordVariable} to the new user's password (at least {ConsoleUsers.MinimumPasswordLength} characters).");
            return 2;
        }

        try
        {
            var list = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await services.GetRequiredService<ConsoleUsers>().CreateAsync(username, displayName, password, list, CancellationToken.None);
            System.Console.WriteLine($"Added {ConsoleUser.IdFor(username)} ({displayName}) as {string.Join(", ", list)}.");
            return 0;
        }
        catch (ConsoleUserRejectedException e)
        {
            System.Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary><c>set-password &lt;username&gt;</c> with the new password in CONSOLE_USER_PASSWORD: every session of theirs ends.</summary>
    public static Task<int> SetPasswordAsync(IServiceProvider services, string[] args)
    {
        if (args is not [_, var username])
        {
            return Usage($"Usage: set-password <username>   (new password in {PasswordVariable})");
        }

        return Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } password
            ? RunAsync(services, users => users.SetPasswordAsync(username, password, CancellationToken.None), $"Password of {ConsoleUser.IdFor(username)} set; their sessions are ended.")
            : Usage($"Set {PasswordVariable} to the new password (at least {ConsoleUsers.MinimumPasswordLength} characters).");
    }

    /// <summary><c>disable-user &lt;username&gt; "&lt;why&gt;"</c>: the account cannot sign in and every session of it ends.</summary>
    public static Task<int> DisableUserAsync(IServiceProvider services, string[] args) =>
        args is [_, var username, var why]
            ? RunAsync(services, users => users.DisableAsync(username, why, CancellationToken.None), $"Disabled {ConsoleUser.IdFor(username)}; their sessions are ended.")
            : Usage("Usage: disable-user <username> \"<why>\"");

    /// <summary><c>enable-user &lt;username&gt;</c>: a disabled account may sign in again.</summary>
    public static Task<int> EnableUserAsync(IServiceProvider services, string[] args) =>
        args is [_, var username]
            ? RunAsync(services, users => users.EnableAsync(username, CancellationToken.None), $"Enabled {ConsoleUser.IdFor(username)}.")
            : Usage("Usage: enable-user <username>");

    private static async Task<int> RunAsync(IServiceProvider services, Func<ConsoleUsers, Task> change, string done)
    {
        try
        {
            await change(services.GetRequiredService<ConsoleUsers>());
            System.Console.WriteLine(done);
            return 0;
        }
        catch (ConsoleUserRejectedException e)
        {
            System.Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static Task<int> Usage(string words)
    {
        System.Console.Error.WriteLine(words);
        return Task.FromResult(2);
    }

    /// <summary>
    /// <c>mint-token &lt;role&gt;[,&lt;role&gt;] "&lt;name&gt;" [minutes]</c>: a bearer token for calling the services' APIs
    /// directly as a person in those roles (an operator's curl, the demo), signed with the installation's key; short-lived
    /// (60 minutes unless said, at most 720). Printed on standard output alone, so it can be captured.
    /// </summary>
    public static int MintToken(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length is not (3 or 4))
        {
            errors.WriteLine($"Usage: mint-token <role>[,<role>] \"<your name>\" [minutes]   (roles: {string.Join(", ", CersRoles.People)})");
            return 2;
        }

        var (list, name) = (args[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), args[2]);
        var minutes = args.Length == 4 && int.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 60;
        if (list.Length == 0 || list.Any(r => !CersRoles.People.Contains(r)) || string.IsNullOrWhiteSpace(name) || minutes is < 1 or > 720)
        {
            errors.WriteLine($"Not minted: roles must be among {string.Join(", ", CersRoles.People)}, a name given, minutes between 1 and 720.");
            return 1;
        }

        var token = services.GetRequiredService<CersTokens>().Mint($"operator:{name.Trim()}", name.Trim(), list, NodaTime.Duration.FromMinutes(minutes));
        output.WriteLine(token);
        return 0;
    }

    /// <summary><c>seed-demo</c>: the demo accounts, with the password in CERS_DEMO_PASSWORD. Running it again adds nothing.</summary>
    public static async Task<int> SeedDemoAsync(IServiceProvider services)
    {
        if (Environment.GetEnvironmentVariable(DemoPasswordVariable) is not { Length: > 0 } password)
        {
            System.Console.Error.WriteLine($"Set {DemoPasswordVariable} to the demo users' password (at least {ConsoleUsers.MinimumPasswordLength} characters).");
            return 2;
        }

        var users = services.GetRequiredService<ConsoleUsers>();
        try
        {
            foreach (var (username, displayName, roles) in DemoUsers)
            {
                if (await users.ExistsAsync(username, CancellationToken.None))
                {
                    System.Console.WriteLine($"Demo user {username} already exists.");
                    continue;
                }

                await users.CreateAsync(username, displayName, password, roles, CancellationToken.None);
                System.Console.WriteLine($"Demo user {username} ({string.Join(", ", roles)}) added; password from {DemoPasswordVariable}.");
            }

            return 0;
        }
        catch (ConsoleUserRejectedException e)
        {
            System.Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
