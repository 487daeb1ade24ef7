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
    public static async Task<int> AddUserAsync(IHost host, string[] args)
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
            await host.Services.GetRequiredService<ConsoleUsers>().CreateAsync(username, displayName, password, list, CancellationToken.None);
            System.Console.WriteLine($"Added {ConsoleUser.IdFor(username)} ({displayName}) as {string.Join(", ", list)}.");
            return 0;
        }
        catch (ConsoleUserRejectedException e)
        {
            System.Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary><c>seed-demo</c>: the demo accounts, with the password in CERS_DEMO_PASSWORD. Running it again adds nothing.</summary>
    public static async Task<int> SeedDemoAsync(IHost host)
    {
        if (Environment.GetEnvironmentVariable(DemoPasswordVariable) is not { Length: > 0 } password)
        {
            System.Console.Error.WriteLine($"Set {DemoPasswordVariable} to the demo users' password (at least {ConsoleUsers.MinimumPasswordLength} characters).");
            return 2;
        }

        var users = host.Services.GetRequiredService<ConsoleUsers>();
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
