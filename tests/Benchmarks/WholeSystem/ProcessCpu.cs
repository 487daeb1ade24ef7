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

    public static IReadOnlyDictionary<string, double> Snapshot(RunningSystem system) =>
        Services.All.ToDictionary(s => s, s => SecondsUsed(system.ProcessIdOf(s)));

    public static string MachineLoad() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
