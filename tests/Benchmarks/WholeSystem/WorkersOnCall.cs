using System.Collections.Concurrent;
using System.Net.Http.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>
/// The seeded care workers after they said YES (the Twilio stand-in says it for them): each texts ARRIVED, a coordinator
/// closes the activation (longer-term care in place), and the worker texts LEFT, signed as Twilio signs SMS webhooks, so
/// they are free for the next activation. Without this a few dozen workers could cover only a few dozen activations,
/// since a worker with an accepted activation is never offered another. Closing before LEFT is how a cover ends, so the
/// worker texts LEFT once rostering has heard the close; a LEFT on an open activation would have rostering find a
/// replacement (nobody on site), and each replacement's visit another.
/// Only the first worker committed to an activation visits it.
/// </summary>
public sealed class WorkersOnCall : IAsyncDisposable
{
    private readonly RunningSystem system;
    private readonly Dictionary<Guid, CareWorker> workers;
    private readonly HttpClient rostering;
    private readonly HttpClient intake;
    private readonly TwilioCaller twilio;
    /// <summary>Activations visited: false while the visit is under way, true once the worker has left.</summary>
    private readonly ConcurrentDictionary<Guid, bool> visits = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public WorkersOnCall(RunningSystem system, IEnumerable<CareWorker> workers)
    {
        this.system = system;
        this.workers = workers.ToDictionary(w => w.Id);
        var url = system.Place.UrlOf(Services.Rostering);
        rostering = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        intake = system.ClientFor(Services.CrisisIntake, CersRoles.Coordinator);
        twilio = new TwilioCaller(rostering, RunningSystem.TwilioAuthToken, url.ToString().TrimEnd('/'));
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    public int Visits => visits.Count(v => v.Value);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (worker, activation) in await CommitmentsAsync(cancellationToken))
                {
                    if (workers.TryGetValue(worker, out var who) && visits.TryAdd(activation, false))
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
        await TextAsync(worker, "ARRIVED", cancellationToken);
        await UntilAnsweredAsync(
            token => intake.PostAsJsonAsync(
                $"/activations/{activation}/close",
                new { outcome = "LongerTermCareInPlace", closedBy = "Benchmark coordinator", notes = "Family took over." },
                token),
            status => status == System.Net.HttpStatusCode.Conflict,
            tries: 30,
            cancellationToken);
        await UntilRosteringHeardClosedAsync(activation, cancellationToken);
        await TextAsync(worker, "LEFT", cancellationToken);
        visits[activation] = true;
    }

    private Task TextAsync(CareWorker worker, string body, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = "AC00000000000000000000000000de0000",
            ["From"] = worker.Phone, ["To"] = "+443069990247", ["Body"] = body, ["NumMedia"] = "0",
        };
        return UntilAnsweredAsync(_ => twilio.PostAsync("/twilio/sms/incoming", form), _ => false, tries: 60, cancellationToken);
    }

    /// <summary>Sends until a success (or a status <paramref name="alsoAnswered"/> accepts) comes back, a second apart, at most <paramref name="tries"/> times.</summary>
    private static async Task UntilAnsweredAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send, Func<System.Net.HttpStatusCode, bool> alsoAnswered, int tries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < tries && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                using var response = await send(cancellationToken);
                if (response.IsSuccessStatusCode || alsoAnswered(response.StatusCode))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(1_000, cancellationToken);
        }
    }

    /// <summary>
    /// A worker leaves once told the cover is over: a LEFT that overtook the close on its way to rostering would count
    /// a replacement search (nobody on site) that the flow measured does not have. At most 30 s, then LEFT regardless.
    /// </summary>
    private async Task UntilRosteringHeardClosedAsync(Guid activation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(system.Place.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                var dispatches = $"{Services.SchemaOf(Services.Rostering)}.mt_doc_staffdispatch";
                await using var closed = new NpgsqlCommand(
                    $"SELECT count(*) FROM {dispatches} WHERE id = $1 AND data->>'closedAt' IS NOT NULL", connection);
                closed.Parameters.Add(new NpgsqlParameter { Value = activation });
                if ((long)(await closed.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // PostgreSQL restarting under the chaos run: look again shortly.
            }

            await Task.Delay(50, cancellationToken);
        }
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
        intake.Dispose();
        stop.Dispose();
    }
}
