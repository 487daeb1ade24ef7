using System.Collections.Concurrent;
using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>
/// The seeded care workers after they said YES (the Twilio stand-in says it for them): each texts ARRIVED and then LEFT,
/// signed as Twilio signs SMS webhooks, so they are free for the next activation. Without this a few dozen workers could
/// cover only a few dozen activations, since a worker with an accepted activation is never offered another.
/// </summary>
public sealed class WorkersOnCall : IAsyncDisposable
{
    private readonly RunningSystem system;
    private readonly Dictionary<Guid, CareWorker> workers;
    private readonly HttpClient rostering;
    private readonly TwilioCaller twilio;
    private readonly ConcurrentDictionary<(Guid Worker, Guid Activation), bool> done = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Func<Guid, CancellationToken, Task>? onSite;
    private readonly ConcurrentDictionary<Guid, bool> visited = new();

    /// <param name="onSite">
    /// What happens between ARRIVED and LEFT (the counting run: the coordinator closes the activation). When given, only
    /// the first worker committed to an activation visits it.
    /// </param>
    public WorkersOnCall(RunningSystem system, IEnumerable<CareWorker> workers, Func<Guid, CancellationToken, Task>? onSite = null)
    {
        this.onSite = onSite;
        this.system = system;
        this.workers = workers.ToDictionary(w => w.Id);
        var url = system.Place.UrlOf(Services.Rostering);
        rostering = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        twilio = new TwilioCaller(rostering, RunningSystem.TwilioAuthToken, url.ToString().TrimEnd('/'));
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    public int Visits => done.Count(d => d.Value);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (worker, activation) in await CommitmentsAsync(cancellationToken))
                {
                    if (workers.TryGetValue(worker, out var who) && (onSite is null || visited.TryAdd(activation, true)) && done.TryAdd((worker, activation), false))
                    {
                        _ = Task.Run(() => VisitAsync(who, activation, cancellationToken), cancellationToken);
                    }
                }

                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // PostgreSQL restarting under the chaos run: ask again shortly.
                await Task.Delay(500, CancellationToken.None);
            }
        }
    }

    private async Task VisitAsync(CareWorker worker, Guid activation, CancellationToken cancellationToken)
    {
        foreach (var body in new[] { "ARRIVED", "LEFT" })
        {
            if (body == "LEFT" && onSite is not null)
            {
                await onSite(activation, cancellationToken);
            }

            var form = new Dictionary<string, string>
            {
                ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = "AC00000000000000000000000000de0000",
                ["From"] = worker.Phone, ["To"] = "+443069990247", ["Body"] = body, ["NumMedia"] = "0",
            };
            for (var tries = 0; tries < 60 && !cancellationToken.IsCancellationRequested; tries++)
            {
                try
                {
                    using var response = await twilio.PostAsync("/twilio/sms/incoming", form);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(1_000, cancellationToken);
            }
        }

        done[(worker.Id, activation)] = true;
    }

    private async Task<List<(Guid Worker, Guid Activation)>> CommitmentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(system.Place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT id, (data->>'activationId')::uuid FROM {Services.SchemaOf(Services.Rostering)}.mt_doc_workerclaim WHERE data->>'state' = 'Committed'", connection);
        var found = new List<(Guid, Guid)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        rostering.Dispose();
        stop.Dispose();
    }
}
