using System.Diagnostics;
using Cers.Dispatch.Benchmarks;
using Cers.Dispatch.Testing;

// Usage: dotnet run -c Release --project tests/Benchmarks -- [scenario ...]   (no names: every scenario; the floor always runs first)
//        dotnet run -c Release --project tests/Benchmarks -- chaos               (deploy/chaos.sh: writes docs/reliability.md, exit 1 on a failed assertion)
//        dotnet run -c Release --project tests/Benchmarks -- chaos ha            (deploy/chaos.sh ha: the clustered run, its own section of docs/reliability.md)
//        dotnet run -c Release --project tests/Benchmarks -- lone-operations     (the counting scenario's own child process: the prices of lone operations, as JSON)
if (args is [Cers.Dispatch.Benchmarks.WholeSystem.LoneOperations.ChildArgument])
{
    return await Cers.Dispatch.Benchmarks.WholeSystem.LoneOperations.MeasureAndWriteAsync();
}

if (args is ["chaos", ..])
{
    var clustered = args is [_, "ha"];
    using var chaosBudget = new CancellationTokenSource(TimeSpan.FromMinutes(clustered ? 25 : 15));
    var (report, passed) = await Cers.Dispatch.Benchmarks.Chaos.ChaosRun.RunAsync(clustered, chaosBudget.Token);
    var reliability = Path.Combine(LocalInfrastructure.RepositoryRoot, "docs", "reliability.md");
    await File.WriteAllTextAsync(reliability, clustered
        ? WithClusteredSection(await File.ReadAllTextAsync(reliability), report)
        : report + await ReliabilitySectionsNotWrittenByTheChaosRun(reliability));
    Console.WriteLine(report);
    Console.WriteLine($"Wrote {reliability}");
    return passed ? 0 : 1;
}

var all = typeof(IScenario).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(t))
    .Select(t => (IScenario)Activator.CreateInstance(t)!)
    .ToDictionary(s => s.Name);

// The surge with two instances runs only when named: with it, the whole harness would not fit its ten minutes.
var chosen = args.Length == 0
    ? all.Values.Where(s => s.Name != Cers.Dispatch.Benchmarks.Scenarios.PairedSurgeScenario.ScenarioName).OrderBy(s => s.Name, StringComparer.Ordinal).ToList()
    : args.Select(a => all[a]).ToList();
// The floor first, always: every other figure is also given as a multiple of it, measured in the same run.
chosen = [all["floor"], .. chosen.Where(s => s.Name != "floor")];
// The issue's bound for the whole harness on 2 cores; CERS_BENCH_BUDGET_MINUTES lifts it on a machine busy with other work.
var minutes = int.TryParse(Environment.GetEnvironmentVariable("CERS_BENCH_BUDGET_MINUTES"), out var m) ? m : 10;
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
var harness = Stopwatch.StartNew();
var sections = new Dictionary<string, string>();
var runAt = TimeProvider.System.GetUtcNow();
var outOfTime = false;
foreach (var scenario in chosen)
{
    Console.WriteLine($"== {scenario.Name}");
    var took = Stopwatch.StartNew();
    try
    {
        sections[scenario.Name] = await scenario.RunAsync(budget.Token);
    }
    catch (OperationCanceledException) when (budget.IsCancellationRequested)
    {
        // What the scenarios before it measured is written all the same; this one's section keeps its last run.
        Console.WriteLine($"== {scenario.Name} stopped after {took.Elapsed.TotalSeconds:0} s: the harness's {minutes} minutes ran out (CERS_BENCH_BUDGET_MINUTES)");
        outOfTime = true;
        break;
    }

    Console.WriteLine(sections[scenario.Name]);
    Console.WriteLine($"== {scenario.Name} took {took.Elapsed.TotalSeconds:0.0} s");
}

Console.WriteLine($"The harness took {harness.Elapsed.TotalMinutes:0.0} minutes.");
var path = Path.Combine(LocalInfrastructure.RepositoryRoot, "docs", "benchmarks.md");
await Report.WriteAsync(path, sections, runAt);
Console.WriteLine($"Wrote {path}{(outOfTime ? " (without the scenario that ran out of time and those after it)" : "")}");
return outOfTime ? 1 : 0;

// The chaos run writes the top of docs/reliability.md; the sections from the marker on (other runs' figures) are kept.
static async Task<string> ReliabilitySectionsNotWrittenByTheChaosRun(string path)
{
    const string marker = "<!-- Sections below are not written by the chaos run. -->";
    var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
    var at = existing.IndexOf(marker, StringComparison.Ordinal);
    return at < 0 ? "" : "\n" + existing[at..];
}

// The clustered run's section sits between its own two markers, after everything else the first time.
static string WithClusteredSection(string existing, string section)
{
    const string from = "<!-- The clustered chaos run (deploy/chaos.sh ha) writes from here. -->";
    const string to = "<!-- The clustered chaos run writes to here. -->";
    var start = existing.IndexOf(from, StringComparison.Ordinal);
    var end = existing.IndexOf(to, StringComparison.Ordinal);
    var block = $"{from}\n{section}{to}\n";
    return start >= 0 && end > start
        ? existing[..start] + block + existing[(end + to.Length)..].TrimStart('\n')
        : existing.TrimEnd('\n') + "\n\n" + block;
}
