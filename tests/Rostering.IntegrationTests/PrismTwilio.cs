using System.Diagnostics;
using System.Net.Sockets;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Prism serving Twilio's own OpenAPI description (tests/tools/prism/twilio) with request validation on: what it accepts,
/// Twilio's API accepts. Started once for the collection and killed on dispose.
/// </summary>
public sealed class PrismTwilio : IAsyncLifetime
{
    private Process? prism;

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = LocalInfrastructure.RepositoryRoot;
        var executable = Path.Combine(root, "tests", "tools", "prism", "node_modules", ".bin", "prism");
        var description = Path.Combine(root, "tests", "tools", "prism", "twilio", "twilio_api_v2010.json");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Prism is not installed: run `npm ci --prefix tests/tools/prism` ({executable} missing).");
        }

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(executable, ["mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors", description])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        prism = Process.Start(start) ?? throw new InvalidOperationException("Prism did not start.");
        prism.OutputDataReceived += (_, _) => { };
        prism.ErrorDataReceived += (_, _) => { };
        prism.BeginOutputReadLine();
        prism.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(90) && !prism.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (prism is { HasExited: false })
        {
            prism.Kill(entireProcessTree: true);
        }

        prism?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PrismCollection : ICollectionFixture<PrismTwilio>
{
    public const string Name = "prism twilio";
}
