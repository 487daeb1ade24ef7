using System.Diagnostics.Tracing;
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

    private readonly List<(EventPipeSession Session, Task Reading)> sessions = [];
    private readonly Dictionary<string, long> latest = [];
    private readonly Lock gate = new();

    public static NpgsqlCommandCounts Listen(IReadOnlyDictionary<string, int> processIds)
    {
        var counts = new NpgsqlCommandCounts();
        foreach (var (service, processId) in processIds)
        {
            var session = new DiagnosticsClient(processId).StartEventPipeSession(
                new EventPipeProvider("Npgsql", EventLevel.Informational, 0, new Dictionary<string, string>
                {
                    ["EventCounterIntervalSec"] = Interval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }),
                requestRundown: false);
            counts.sessions.Add((session, Task.Run(() => counts.Read(service, session))));
        }

        return counts;
    }

    /// <summary>The commands each service had sent by now: waits for every process's next report, so none is older than this call.</summary>
    public async Task<IReadOnlyDictionary<string, long>> NowAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Interval * 2.5, cancellationToken);
        lock (gate)
        {
            return new Dictionary<string, long>(latest);
        }
    }

    private void Read(string service, EventPipeSession session)
    {
        using var source = new EventPipeEventSource(session.EventStream);
        source.Dynamic.All += e =>
        {
            if (e.EventName == "EventCounters"
                && e.PayloadValue(0) is IDictionary<string, object> outer
                && outer["Payload"] is IDictionary<string, object> counter
                && (string)counter["Name"] == "total-commands")
            {
                lock (gate)
                {
                    latest[service] = (long)Convert.ToDouble(counter["Mean"], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        };
        source.Process();
    }

    public void Dispose()
    {
        foreach (var (session, reading) in sessions)
        {
            try
            {
                session.Stop();
                reading.Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is ServerNotAvailableException or AggregateException or IOException or TimeoutException)
            {
                // The process has already stopped.
            }

            session.Dispose();
        }
    }
}
