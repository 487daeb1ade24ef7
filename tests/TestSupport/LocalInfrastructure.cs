using System.Diagnostics;

namespace Cers.Dispatch.Testing;

/// <summary>The PostgreSQL and RabbitMQ that deploy/infra.sh runs; the test command exports their settings.</summary>
public static class LocalInfrastructure
{
    public static string MartenConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
        ?? "Host=127.0.0.1;Port=55432;Database=cers;Username=postgres";

    public static string RabbitMqPort => Environment.GetEnvironmentVariable("RabbitMq__Port") ?? "55672";

    public static string RabbitMqVirtualHost => Environment.GetEnvironmentVariable("RabbitMq__VirtualHost") ?? "/";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs deploy/infra.sh with a verb such as stop-rabbitmq, as an operator would.</summary>
    public static async Task RunInfraScriptAsync(string verb, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "deploy", "infra.sh"), verb, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/infra.sh {verb} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cers.Dispatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cers.Dispatch.sln not found above the test binaries.");
    }
}
