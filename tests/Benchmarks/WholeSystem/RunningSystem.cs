using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>
/// Where one whole system runs: its ports, its database and virtual host, and (for chaos) its own PostgreSQL and
/// RabbitMQ. Passed to <c>deploy/run.sh service NAME</c> as the overrides that script and deploy/infra.sh read.
/// </summary>
public sealed record SystemPlace(int PortBase, string StateDirectory, string Database, string VirtualHost, int PostgresPort, int AmqpPort)
{
    public string ConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Database={Database};Username=postgres;Pooling=true;Maximum Pool Size=20";

    public string AdminConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Database=postgres;Username=postgres;Pooling=false";

    public int PortOf(string service) => PortBase + service switch
    {
        Services.Console => 0,
        Services.CardLookup => 1,
        Services.CrisisIntake => 2,
        Services.Rostering => 3,
        Services.Escalation => 4,
        Services.TwilioStandIn => 99,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a service of deploy/run.sh"),
    };

    public Uri UrlOf(string service) => new($"http://127.0.0.1:{PortOf(service)}");

    /// <summary>Each service connects to PostgreSQL as a role of its own (<see cref="RoleOf"/>), so its statements can be counted apart.</summary>
    public bool RolePerService { get; init; }

    public static string RoleOf(string service) => $"cers_{Services.SchemaOf(service)}";

    /// <summary>
    /// On deploy/ha.sh's clustered infrastructure: two instances of every service (the stand-in once) listening on the
    /// service's port + 10 and + 20, behind HAProxy on the service's own address.
    /// </summary>
    public bool Clustered { get; init; }

    /// <summary>
    /// On the local infrastructure, without a load balancer: two instances of each of these services, the first on the
    /// service's own address (where the other services reach it) and the second on its port + 20. Their queues are shared,
    /// so messages are spread over both; HTTP goes to the first unless the harness addresses the second itself.
    /// </summary>
    public IReadOnlyList<string> Paired { get; init; } = [];

    public IReadOnlyList<string?> InstancesOf(string service) =>
        (Clustered && service != Services.TwilioStandIn) || Paired.Contains(service) ? ["a", "b"] : [null];

    public Uri UrlOf(string service, string? instance) => instance switch
    {
        null => UrlOf(service),
        "a" when !Clustered => UrlOf(service),
        _ => new($"http://127.0.0.1:{PortOf(service) + (instance == "a" ? 10 : 20)}"),
    };
}

/// <summary>The names deploy/run.sh gives the processes.</summary>
public static class Services
{
    public const string TwilioStandIn = "twilio-stand-in";
    public const string CardLookup = "card-lookup";
    public const string CrisisIntake = "crisis-intake";
    public const string Rostering = "rostering";
    public const string Escalation = "escalation";
    public const string Console = "console";

    /// <summary>The stand-in first: the others send SMS to it from their first minute.</summary>
    public static readonly string[] All = [TwilioStandIn, CardLookup, CrisisIntake, Rostering, Escalation, Console];

    /// <summary>Marten schema of each service (its default, as deploy/run.sh leaves it).</summary>
    public static string SchemaOf(string service) => service.Replace('-', '_');
}

/// <summary>
/// The whole system as real processes, each started exactly as deploy/run.sh starts it (<c>deploy/run.sh service NAME</c>:
/// the same environment, Release binaries), so a harness can kill -9 one and start it again.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    public const string TwilioAuthToken = "demo-auth-token";

    private readonly Dictionary<string, Process> processes = [];
    private readonly IReadOnlyDictionary<string, string> extraSettings;

    public RunningSystem(SystemPlace place, IReadOnlyDictionary<string, string>? settings = null)
    {
        Place = place;
        extraSettings = settings ?? new Dictionary<string, string>();
        Directory.CreateDirectory(Path.Combine(place.StateDirectory, "logs"));
        var keyFile = Path.Combine(place.StateDirectory, "access-signing-key");
        if (!File.Exists(keyFile) || new FileInfo(keyFile).Length < 32)
        {
            File.WriteAllText(keyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
        }

        Tokens = new CersTokens(Options.Create(new AccessOptions { SigningKey = File.ReadAllText(keyFile).Trim() }), TimeProvider.System);
    }

    public SystemPlace Place { get; }

    /// <summary>Mints tokens the running services accept (the signing key deploy/run.sh hands them).</summary>
    public CersTokens Tokens { get; }

    public string LogOf(string service, string? instance = null) => Path.Combine(Place.StateDirectory, "logs", $"{Key(service, instance)}.log");

    public int? ProcessIdOf(string service, string? instance = null) =>
        processes.TryGetValue(Key(service, instance), out var p) && !p.HasExited ? p.Id : null;

    private static string Key(string service, string? instance) => instance is null ? service : $"{service}-{instance}";

    public HttpClient ClientFor(string service, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = Place.UrlOf(service), Timeout = TimeSpan.FromSeconds(30) };
        if (roles.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer", Tokens.Mint("harness:benchmarks", "Benchmark harness", roles, NodaTime.Duration.FromHours(2)));
        }

        return client;
    }

    /// <summary>
    /// One after the other on a fresh database: every service applies its schema under Weasel's one global migration
    /// lock, and on two busy cores the last in the queue can give up waiting for it.
    /// </summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var service in Services.All)
        {
            foreach (var instance in Place.InstancesOf(service))
            {
                File.Delete(LogOf(service, instance));
                Start(service, instance);
                await WaitUntilReadyAsync(service, TimeSpan.FromSeconds(180), cancellationToken, instance);
            }
        }
    }

    /// <summary>Starts one service (or one instance of it) the way deploy/run.sh does; its output is appended to its log.</summary>
    public void Start(string service, string? instance = null)
    {
        if (ProcessIdOf(service, instance) is not null)
        {
            throw new InvalidOperationException($"{Key(service, instance)} is already running.");
        }

        processes[Key(service, instance)] = Process.Start(StartInfo(service, [], LogOf(service, instance), instance))!;
    }

    /// <summary>Runs a service's command line to its end (e.g. <c>seed-demo --carers 2000</c>) and returns its exit code.</summary>
    public async Task<int> RunCommandAsync(string service, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(service, arguments, Path.Combine(Place.StateDirectory, "logs", $"{service}.command.log")))!;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    public async Task WaitUntilReadyAsync(string service, TimeSpan within, CancellationToken cancellationToken, string? instance = null)
    {
        using var client = new HttpClient { BaseAddress = Place.UrlOf(service, instance), Timeout = TimeSpan.FromSeconds(5) };
        var path = service == Services.TwilioStandIn ? "/stand-in/messages" : "/health/ready";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (processes.TryGetValue(Key(service, instance), out var process) && process.HasExited)
            {
                throw new InvalidOperationException($"{Key(service, instance)} exited with {process.ExitCode} while starting; see {LogOf(service, instance)}");
            }

            try
            {
                using var response = await client.GetAsync(path, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (waited.Elapsed > within)
            {
                throw new TimeoutException($"{Key(service, instance)} was not ready within {within.TotalSeconds:0} s; see {LogOf(service, instance)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>kill -9: no shutdown, nothing flushed, whatever was in flight in that process is lost.</summary>
    public async Task KillAsync(string service, string? instance = null)
    {
        if (processes.TryGetValue(Key(service, instance), out var process) && !process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM to each process this harness started, by its id; kill -9 what has not stopped after 20 s.</summary>
    public async Task StopAllAsync()
    {
        foreach (var (_, process) in processes.Where(p => !p.Value.HasExited))
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await term.WaitForExitAsync();
        }

        foreach (var (_, process) in processes)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        foreach (var process in processes.Values)
        {
            process.Dispose();
        }

        processes.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAllAsync();

    private ProcessStartInfo StartInfo(string service, string[] arguments, string log, string? instance = null)
    {
        // bash execs run.sh, which execs dotnet: the process id is the service's own, so Kill() is a real kill -9 of it.
        var quoted = string.Join(' ', arguments.Select(a => $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
        var start = new ProcessStartInfo("bash", ["-c", $"exec deploy/run.sh service {service} {quoted} >>'{log}' 2>&1"])
        {
            WorkingDirectory = LocalInfrastructure.RepositoryRoot,
            UseShellExecute = false,
        };
        var environment = start.Environment;
        environment["CERS_PORT_BASE"] = Place.PortBase.ToString(CultureInfo.InvariantCulture);
        environment["CERS_STATE_DIR"] = Place.StateDirectory;
        environment["CERS_DATABASE"] = Place.Database;
        environment["CERS_PG_PORT"] = Place.PostgresPort.ToString(CultureInfo.InvariantCulture);
        environment["CERS_AMQP_PORT"] = Place.AmqpPort.ToString(CultureInfo.InvariantCulture);
        environment["RabbitMq__VirtualHost"] = Place.VirtualHost;
        if (Place.Clustered)
        {
            environment["CERS_INFRA"] = "deploy/ha.sh";
        }

        if (instance is not null)
        {
            environment["CERS_LISTEN_PORT"] = Place.UrlOf(service, instance).Port.ToString(CultureInfo.InvariantCulture);
        }

        if (Place.RolePerService)
        {
            environment["CERS_PG_USER"] = SystemPlace.RoleOf(service);
        }

        // Measured as deployed: the production environment (no developer exception page), warnings and worse logged.
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Logging__LogLevel__Default"] = "Warning";
        // MassTransit otherwise reports usage to its vendor over the internet: nothing here may leave the machine.
        environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        foreach (var (key, value) in extraSettings)
        {
            environment[key] = value;
        }

        return start;
    }
}
