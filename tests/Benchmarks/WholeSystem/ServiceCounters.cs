using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>What one service process had done by the time of a report: commands sent to PostgreSQL, methods compiled.</summary>
public sealed record ServiceCount(long Commands, long MethodsJitted);

/// <summary>
/// Counters of each service process read over the .NET diagnostics port: how many commands it has sent to PostgreSQL
/// (Npgsql's own <c>total-commands</c>) and how many methods the runtime has compiled (<c>methods-jitted-count</c> of
/// <c>System.Runtime</c>, to tell a warm process from one still compiling). A command is one round trip however many
/// statements it batches; Npgsql sends a transaction's <c>BEGIN</c> with the command after it, and its <c>COMMIT</c> as a
/// round trip of its own that the counter leaves out. Npgsql counts only while someone listens, so the sessions are
/// opened before the counted work and kept open until it is over.
/// </summary>
public sealed class ServiceCounters : IDisposable
{
    private const string Commands = "total-commands";
    private const string MethodsJitted = "methods-jitted-count";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(15);

    private readonly List<(string Service, EventPipeSession Session, Task Reading)> sessions = [];
    private readonly Dictionary<string, (ServiceCount Count, long Report)> latest = [];
    private readonly Lock gate = new();

    public static ServiceCounters Listen(IReadOnlyDictionary<string, int> processIds)
    {
        var counts = new ServiceCounters();
        var every = new Dictionary<string, string> { ["EventCounterIntervalSec"] = Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture) };
        try
        {
            foreach (var (service, processId) in processIds)
            {
                var session = new DiagnosticsClient(processId).StartEventPipeSession(
                    [
                        new EventPipeProvider("Npgsql", EventLevel.Informational, 0, every),
                        new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, every),
                    ],
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

    /// <summary>What each service had done by now: waits for every process's next report of both counters after this call.</summary>
    public async Task<IReadOnlyDictionary<string, ServiceCount>> NowAsync(CancellationToken cancellationToken)
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
                    return latest.ToDictionary(l => l.Key, l => l.Value.Count);
                }
            }

            if (sessions.Find(s => s.Reading.IsCompleted) is { Reading: not null } stopped)
            {
                throw new InvalidOperationException($"The counters of {stopped.Service} stopped coming", stopped.Reading.Exception);
            }

            if (waited.Elapsed > LongestWait)
            {
                throw new TimeoutException($"No report of the counters from every service within {LongestWait.TotalSeconds} s");
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
        // A report is counted once both counters have come since the last: the runtime's after Npgsql's, or the other way.
        var fresh = new HashSet<string>();
        source.Dynamic.All += e =>
        {
            if (e.EventName == "EventCounters"
                && e.PayloadValue(0) is IDictionary<string, object> outer
                && outer.TryGetValue("Payload", out var inner) && inner is IDictionary<string, object> counter
                && counter.TryGetValue("Name", out var named) && named is Commands or MethodsJitted
                && counter.TryGetValue("Mean", out var mean))
            {
                var name = (string)named;
                var value = (long)Convert.ToDouble(mean, CultureInfo.InvariantCulture);
                lock (gate)
                {
                    var (count, report) = latest.GetValueOrDefault(service, (new ServiceCount(0, 0), 0));
                    count = name == Commands ? count with { Commands = value } : count with { MethodsJitted = value };
                    fresh.Add(name);
                    if (fresh.Count == 2)
                    {
                        fresh.Clear();
                        report++;
                    }

                    latest[service] = (count, report);
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
