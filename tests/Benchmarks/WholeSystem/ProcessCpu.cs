using System.Globalization;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>CPU seconds a process has used so far (user + system, from /proc), to say where a run's time went.</summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    public static double SecondsUsed(int? processId)
    {
        var stat = $"/proc/{processId}/stat";
        if (processId is null || !File.Exists(stat))
        {
            return 0;
        }

        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
            var fields = File.ReadAllText(stat).Split(')', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public const string PostgreSql = "PostgreSQL";

    public const string RabbitMq = "RabbitMQ";

    public const string WholeMachine = "whole machine";

    /// <summary>The columns a snapshot fills: each service, then the shared infrastructure, then the machine as a whole.</summary>
    public static readonly string[] Columns = [.. Services.All, PostgreSql, RabbitMq, WholeMachine];

    public static IReadOnlyDictionary<string, double> Snapshot(RunningSystem system)
    {
        var seconds = Services.All.ToDictionary(s => s, s => SecondsUsed(system.ProcessIdOf(s)));
        seconds[PostgreSql] = SecondsUsedByCommand("postgres");
        seconds[RabbitMq] = SecondsUsedByCommand("beam.smp");
        seconds[WholeMachine] = MachineBusySeconds();
        return seconds;
    }

    /// <summary>
    /// Every live process of that command, with what its reaped children used (PostgreSQL's backends come and go under the
    /// postmaster). The machine's PostgreSQL and RabbitMQ serve only the harness while it runs.
    /// </summary>
    private static double SecondsUsedByCommand(string command)
    {
        double ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (stat[(open + 1)..close] != command)
                {
                    continue;
                }

                var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ticks += fields.Skip(11).Take(4).Sum(f => double.Parse(f, CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>CPU seconds all cores spent busy (not idle, not waiting on the disk) since boot.</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / TicksPerSecond;
    }

    public static string MachineLoad() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
