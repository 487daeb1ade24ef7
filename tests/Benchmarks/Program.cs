using System.Diagnostics;
using Cers.Dispatch.Benchmarks;
using Cers.Dispatch.Testing;

// Usage: dotnet run -c Release --project tests/Benchmarks -- [scenario ...]   (no names: every scenario)
var all = typeof(IScenario).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(t))
    .Select(t => (IScenario)Activator.CreateInstance(t)!)
    .ToDictionary(s => s.Name);

var chosen = args.Length == 0 ? all.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList() : args.Select(a => all[a]).ToList();
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var sections = new Dictionary<string, string>();
var runAt = TimeProvider.System.GetUtcNow();
foreach (var scenario in chosen)
{
    Console.WriteLine($"== {scenario.Name}");
    var took = Stopwatch.StartNew();
    sections[scenario.Name] = await scenario.RunAsync(budget.Token);
    Console.WriteLine(sections[scenario.Name]);
    Console.WriteLine($"== {scenario.Name} took {took.Elapsed.TotalSeconds:0.0} s");
}

var path = Path.Combine(LocalInfrastructure.RepositoryRoot, "docs", "benchmarks.md");
await Report.WriteAsync(path, sections, runAt);
Console.WriteLine($"Wrote {path}");
