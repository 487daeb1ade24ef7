using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.Logging;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>The built service started as its own process, as it runs in production, so a test can kill it outright.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public static string Dll => Path.Combine(LocalInfrastructure.RepositoryRoot, "services", "Escalation", "bin", "Debug", "net10.0", "Cers.Dispatch.Escalation.dll");

    public Uri Address { get; }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestAccess.Token(TestAccess.AllStaffRoles));
        return client;
    }

    public static async Task<ServiceProcess> StartAsync(string schema, string endpointPrefix)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = Process.Start(Start(schema, endpointPrefix, [], address))!;
        var log = new TestLogFile(schema);
        process.OutputDataReceived += (_, line) => WriteToLog(log, line.Data);
        process.ErrorDataReceived += (_, line) => WriteToLog(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, address);
        using var client = service.Client();
        await Eventually.GetAsync(async () =>
        {
            try
            {
                using var ready = await client.GetAsync("/health/ready");
                return ready.IsSuccessStatusCode ? "ready" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, within: TimeSpan.FromSeconds(60), what: "the escalation process to be ready");
        return service;
    }

    /// <summary>Runs the service's command line (e.g. import-bank-holidays) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(string schema, params string[] arguments)
    {
        var start = Start(schema, "unused", arguments, null);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>kill -9: no shutdown hooks, no draining, whatever was in flight is lost.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    /// <summary>The console's single-line form, "warn: Category[0] message", kept in the test log like a hosted service's lines.</summary>
    private static void WriteToLog(TestLogFile log, string? line)
    {
        if (line is null || line.IndexOf(": ", StringComparison.Ordinal) is not (4 and var colon))
        {
            return;
        }

        LogLevel? level = line[..colon] switch
        {
            "warn" => LogLevel.Warning,
            "fail" => LogLevel.Error,
            "crit" => LogLevel.Critical,
            "info" => LogLevel.Information,
            _ => null,
        };
        var rest = line[(colon + 2)..];
        var categoryEnd = rest.IndexOf('[', StringComparison.Ordinal);
        if (level is { } known && categoryEnd > 0)
        {
            var messageStart = rest.IndexOf("] ", categoryEnd, StringComparison.Ordinal);
            log.Write(known, rest[..categoryEnd], messageStart < 0 ? "" : rest[(messageStart + 2)..]);
        }
    }

    private static ProcessStartInfo Start(string schema, string endpointPrefix, string[] arguments, Uri? address)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        start.Environment["ConnectionStrings__Marten"] = LocalInfrastructure.MartenConnectionString;
        start.Environment["Marten__Schema"] = schema;
        start.Environment["Access__SigningKey"] = TestAccess.SigningKey;
        start.Environment["RabbitMq__Host"] = "127.0.0.1";
        start.Environment["RabbitMq__Port"] = LocalInfrastructure.RabbitMqPort;
        start.Environment["RabbitMq__VirtualHost"] = LocalInfrastructure.RabbitMqVirtualHost;
        start.Environment["RabbitMq__EndpointPrefix"] = endpointPrefix;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        if (address is not null)
        {
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
