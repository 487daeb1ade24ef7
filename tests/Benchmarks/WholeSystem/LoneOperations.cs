using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cers.Dispatch.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>What one bare operation costs in CPU, PostgreSQL's or RabbitMQ's and the measuring client's.</summary>
/// <param name="Server">PostgreSQL's or RabbitMQ's CPU ms per operation; null for HTTP, served by the client's own process.</param>
/// <param name="Client">The client process's CPU ms per operation (Npgsql, the RabbitMQ client, or HttpClient and Kestrel both).</param>
public sealed record LoneCost(string What, int Samples, double? Server, double Client)
{
    public double Total => (Server ?? 0) + Client;
}

/// <summary>
/// The CPU price of each kind of operation an activation is made of, measured on bare PostgreSQL, RabbitMQ and HTTP
/// with each operation alone: one every <see cref="Pace"/>, so every process involved has gone back to sleep before the
/// next, as at one activation a second, where most of an activation's round trips and messages find their process
/// asleep. Taken off: what the same processes spend over as long with nothing but the pacing timer waking this one.
/// </summary>
public static class LoneOperations
{
    /// <summary>The harness's argument that makes it the process measuring, as the services run.</summary>
    public const string ChildArgument = "lone-operations";

    private const int Samples = 300;
    private const int WarmUp = 500;
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The services run on their own runtime settings (services/Directory.Build.props: the workstation collector, thread
    /// pool workers that sleep at once instead of spinning, no profile-guided recompiling). Measured in the harness's own
    /// process (the server collector, spinning workers) each client side cost two to eight times as much, so the prices
    /// are measured in a process of the harness started on a service's runtime settings.
    /// </summary>
    public static async Task<IReadOnlyList<LoneCost>> MeasureAsTheServicesRunAsync(CancellationToken cancellationToken)
    {
        var settings = Path.Combine(AppContext.BaseDirectory, "Cers.Dispatch.Rostering.runtimeconfig.json");
        var start = new ProcessStartInfo("dotnet", ["exec", "--runtimeconfig", settings, typeof(LoneOperations).Assembly.Location, ChildArgument])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the harness again to measure the lone operations");
        await using var stopOnCancel = cancellationToken.Register(() => child.Kill(entireProcessTree: true));
        var output = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"measuring the lone operations failed (exit {child.ExitCode}): {output}");
        }

        return JsonSerializer.Deserialize<List<LoneCost>>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException($"the lone operations' measure said nothing: {output}");
    }

    /// <summary>Run by the child process: measures and writes the costs as one line of JSON.</summary>
    public static async Task<int> MeasureAndWriteAsync()
    {
        var costs = await MeasureAsync(CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(costs));
        return 0;
    }

    private static async Task<IReadOnlyList<LoneCost>> MeasureAsync(CancellationToken cancellationToken)
    {
        var costs = new List<LoneCost>();
        await using (var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var table = $"lone_probe_{Guid.NewGuid():N}";
            await ExecuteAsync(connection, $"CREATE TABLE {table} (id bigint primary key, body text)", cancellationToken);
            await using var select = new NpgsqlCommand("SELECT 1", connection);
            costs.Add(await MeasureAsync("PostgreSQL round trip (`SELECT 1`)", ProcessCpu.PostgreSql, async _ => await select.ExecuteScalarAsync(cancellationToken), cancellationToken));
            costs.Add(await MeasureAsync("PostgreSQL transaction (`INSERT` of one row, `COMMIT`: two round trips)", ProcessCpu.PostgreSql, async i =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = new NpgsqlCommand($"INSERT INTO {table} VALUES ($1, 'x')", connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter { Value = (long)i });
                await insert.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }, cancellationToken));
            await ExecuteAsync(connection, $"DROP TABLE {table}", cancellationToken);
        }

        costs.Add(await RabbitMqMessageAsync(cancellationToken));
        costs.Add(await HttpRequestAsync(cancellationToken));
        return costs;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<LoneCost> RabbitMqMessageAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Scenarios.FloorScenario.ConnectToRabbitMqAsync(cancellationToken);
        await using var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await using var consuming = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = (await publishing.QueueDeclareAsync($"lone-probe-{Guid.NewGuid():N}", durable: true, exclusive: false, autoDelete: true, cancellationToken: cancellationToken)).QueueName;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consuming);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consuming.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            arrived.TrySetResult();
        };
        await consuming.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        var body = new byte[512];
        return await MeasureAsync("RabbitMQ message (persistent, confirmed, delivered, acknowledged)", ProcessCpu.RabbitMq, async _ =>
        {
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await publishing.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { Persistent = true }, body, cancellationToken);
            await arrived.Task.WaitAsync(cancellationToken);
        }, cancellationToken);
    }

    private static async Task<LoneCost> HttpRequestAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/probe", async (HttpRequest request) => Results.Text($"<Response>{(await request.ReadFormAsync()).Count}</Response>", "text/xml"));
        await app.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var form = new Dictionary<string, string> { ["From"] = "+447700900001", ["Body"] = "YES AB12", ["MessageSid"] = "SM0" };
        var cost = await MeasureAsync("HTTP request (a form posted and answered, Kestrel and HttpClient both here)", null, async _ =>
        {
            using var response = await client.PostAsync("/probe", new FormUrlEncodedContent(form), cancellationToken);
            response.EnsureSuccessStatusCode();
        }, cancellationToken);
        await app.StopAsync(cancellationToken);
        return cost;
    }

    private static async Task<LoneCost> MeasureAsync(string what, string? server, Func<int, Task> operation, CancellationToken cancellationToken)
    {
        // Enough runs for the runtime to have compiled the client's busy code again, fully optimised, before counting.
        for (var i = -WarmUp; i < 0; i++)
        {
            await operation(i);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        // The pacing alone (a timer waking this process every 20 ms) is counted apart and taken off.
        var idle = await CpuOverAsync(server, () => PacedAsync(_ => Task.CompletedTask, cancellationToken));
        var busy = await CpuOverAsync(server, () => PacedAsync(operation, cancellationToken));
        double PerOperation(double used, double idleUsed) => Math.Max(0, used - (idleUsed * busy.Took / idle.Took)) * 1000 / Samples;
        return new LoneCost(what, Samples, server is null ? null : PerOperation(busy.Server, idle.Server), PerOperation(busy.Client, idle.Client));
    }

    private static async Task PacedAsync(Func<int, Task> operation, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Samples; i++)
        {
            var next = Task.Delay(Pace, cancellationToken);
            await operation(i);
            await next;
        }
    }

    private static async Task<(double Server, double Client, double Took)> CpuOverAsync(string? server, Func<Task> run)
    {
        using var self = Process.GetCurrentProcess();
        var (serverBefore, clientBefore) = (ServerSeconds(server), self.TotalProcessorTime.TotalSeconds);
        var took = Stopwatch.StartNew();
        await run();
        var elapsed = took.Elapsed.TotalSeconds;
        self.Refresh();
        return (ServerSeconds(server) - serverBefore, self.TotalProcessorTime.TotalSeconds - clientBefore, elapsed);
    }

    private static double ServerSeconds(string? server) => server switch
    {
        ProcessCpu.PostgreSql => ProcessCpu.SecondsUsedByCommand("postgres"),
        ProcessCpu.RabbitMq => ProcessCpu.SecondsUsedByCommand("beam.smp"),
        _ => 0,
    };

    /// <summary>The prices as a table, CPU ms per operation.</summary>
    public static string Table(IReadOnlyList<LoneCost> costs)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .AppendLine("| one operation, alone | samples | CPU ms: PostgreSQL or RabbitMQ | CPU ms: client | CPU ms: both |")
            .AppendLine("|---|---:|---:|---:|---:|");
        foreach (var cost in costs)
        {
            text.AppendLine(c, $"| {cost.What} | {cost.Samples} | {(cost.Server is { } server ? server.ToString("0.00", c) : "—")} | {cost.Client:0.00} | {cost.Total:0.00} |");
        }

        return text.ToString();
    }
}
