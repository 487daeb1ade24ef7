using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Cers.Dispatch.Benchmarks;

/// <summary>Writes docs/benchmarks.md: the machine and date, then one section per scenario, replacing only the sections run.</summary>
public static partial class Report
{
    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, string> sections, DateTimeOffset runAt)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var kept = SectionPattern().Matches(existing)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value.Trim());
        foreach (var (name, body) in sections)
        {
            kept[name] = $"_Run {runAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} on {Machine()}._\n\n{body.Trim()}";
        }

        var text = new StringBuilder()
            .AppendLine("# Benchmarks")
            .AppendLine()
            .AppendLine("Written by the benchmark harness (`deploy/bench.sh`, project `tests/Benchmarks`); do not edit by hand.")
            .AppendLine("Each section says when and on what it was measured. Run `deploy/bench.sh` for all but `surge-two-instances`, or `deploy/bench.sh NAME...` for some.")
            .AppendLine();
        foreach (var (name, body) in kept.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"<!-- scenario:{name} -->").AppendLine(body).AppendLine(CultureInfo.InvariantCulture, $"<!-- /scenario:{name} -->").AppendLine();
        }

        await File.WriteAllTextAsync(path, text.ToString());
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memoryGiB:0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }

    [GeneratedRegex(@"<!-- scenario:(?<name>[a-z0-9-]+) -->\n(?<body>.*?)\n<!-- /scenario:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();
}
