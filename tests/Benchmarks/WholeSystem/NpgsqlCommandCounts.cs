using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>
/// How many commands each service process has sent to PostgreSQL, read from Npgsql's own counter (<c>total-commands</c> of
/// its <c>Npgsql</c> event source) over the .NET diagnostics port. A command is one round trip however many statements it
/// batches; Npgsql sends a transaction's <c>BEGIN</c> with the command after it, and its <c>COMMIT</c> as a round trip of
/// its own that the counter leaves out. Npgsql counts only while someone listens, so the sessions are opened before the
/// counted work and kept open until it is over.
/// </summary>
public sealed class NpgsqlCommandCounts : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(15);

    private readonly List<(string Service, EventPipeSession Session, Task Reading)> sessions = [];
    private readonly Dictionary<string, (long Commands, long Report)> latest = [];
    private readonly Lock gate = new();

    public static NpgsqlCommandCounts Listen(IReadOnlyDictionary<string, int> processIds)
    {
        var counts = new NpgsqlCommandCounts();
        try
        {
            foreach (var (service, processId) in processIds)
            {
                var session = new DiagnosticsClient(processId).StartEventPipeSession(
                    new EventPipeProvider("Npgsql", EventLevel.Informational, 0, new Dictionary<string, string>
                    {
                        ["EventCounterIntervalSec"] = Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                    }),
                    requestRundown: false);
                counts.sessions.Add((service, session, Task.Run(() => counts.Read(service, session))));
            }
        }
        catch
        {
            counts.Dispose();
            throw;
        }

        return counts;
    }

    /// <summary>The commands each service had sent by now: waits for every process's next report after this call.</summary>
    public async Task<IReadOnlyDictionary<string, long>> NowAsync(CancellationToken cancellationToken)
    {
        var asked = Reports();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var now = Reports();
            if (sessions.All(s => now.GetValueOrDefault(s.Service) > asked.GetValueOrDefault(s.Service)))
            {
                lock (gate)
                {
                    return latest.ToDictionary(l => l.Key, l => l.Value.Commands);
                }
            }

            if (sessions.Find(s => s.Reading.IsCompleted) is { Reading: not null } stopped)
            {
                throw new InvalidOperationException($"Npgsql's counters of {stopped.Service} stopped coming", stopped.Reading.Exception);
            }

            if (waited.Elapsed > LongestWait)
            {
                throw new TimeoutException($"No report of Npgsql's counters from every service within {LongestWait.TotalSeconds} s");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private Dictionary<string, long> Reports()
    {
        lock (gate)
        {
            return latest.ToDictionary(l => l.Key, l => l.Value.Report);
        }
    }

    private void Read(string service, EventPipeSession session)
    {
        using var source = new EventPipeEventSource(session.EventStream);
        source.Dynamic.All += e =>
        {
            if (e.EventName == "EventCounters"
                && e.PayloadValue(0) is IDictionary<string, object> outer
                && outer.TryGetValue("Payload", out var inner) && inner is IDictionary<string, object> counter
                && counter.TryGetValue("Name", out var name) && name as string == "total-commands"
                && counter.TryGetValue("Mean", out var mean))
            {
                lock (gate)
                {
                    var report = latest.TryGetValue(service, out var last) ? last.Report + 1 : 1;
                    latest[service] = ((long)Convert.ToDouble(mean, CultureInfo.InvariantCulture), report);
                }
            }
        };
        source.Process();
    }

    public void Dispose()
    {
        foreach (var (_, session, reading) in sessions)
        {
            try
            {
                session.Stop();
                reading.Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is ServerNotAvailableException or AggregateException or IOException)
            {
                // The process has already stopped.
            }

            session.Dispose();
        }
    }
}
