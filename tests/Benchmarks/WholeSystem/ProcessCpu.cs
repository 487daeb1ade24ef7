using System.Globalization;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>CPU seconds a process has used so far (user + system, from /proc), to say where a run's time went.</summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    public static double SecondsUsed(int? processId) =>
        processId is not null && ReadStat($"/proc/{processId}") is { } stat ? Ticks(stat.Fields, 11, 2) / TicksPerSecond : 0;

    public const string PostgreSql = "PostgreSQL";

    public const string RabbitMq = "RabbitMQ";

    public const string WholeMachine = "whole machine";

    /// <summary>The columns a snapshot fills: each service, then the shared infrastructure, then the machine as a whole.</summary>
    public static readonly string[] Columns = [.. Services.All, PostgreSql, RabbitMq, WholeMachine];

    public static IReadOnlyDictionary<string, double> Snapshot(RunningSystem system)
    {
        var seconds = Services.All.ToDictionary(s => s, s => system.Place.InstancesOf(s).Sum(instance => SecondsUsed(system.ProcessIdOf(s, instance))));
        seconds[PostgreSql] = SecondsUsedByCommand("postgres");
        seconds[RabbitMq] = SecondsUsedByCommand("beam.smp");
        seconds[WholeMachine] = MachineBusySeconds();
        return seconds;
    }

    /// <summary>
    /// Every live process of that command, with what its reaped children used (PostgreSQL's backends come and go under the
    /// postmaster). The machine's PostgreSQL and RabbitMQ serve only the harness while it runs.
    /// </summary>
    public static double SecondsUsedByCommand(string command)
    {
        double ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out _) && ReadStat(directory) is { Command: var name, Fields: var fields } && name == command)
            {
                ticks += Ticks(fields, 11, 4);
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>
    /// A process's command name and the fields after it from /proc/PID/stat (the name may hold spaces and parentheses, so
    /// the fields start after its last closing parenthesis): utime is field 11 of those, stime 12, and the two after
    /// them what reaped children used. Null when the process has ended.
    /// </summary>
    private static (string Command, string[] Fields)? ReadStat(string processDirectory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(processDirectory, "stat"));
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            return (stat[(open + 1)..close], stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double Ticks(string[] fields, int first, int count) =>
        fields.Skip(first).Take(count).Sum(f => double.Parse(f, CultureInfo.InvariantCulture));

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
