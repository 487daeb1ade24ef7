using System.Globalization;

namespace Cers.Dispatch.Benchmarks;

/// <summary>Latency samples in milliseconds and their percentiles (nearest-rank).</summary>
public sealed class Latencies
{
    private readonly List<double> samples = [];
    private readonly Lock gate = new();

    public int Count { get { lock (gate) { return samples.Count; } } }

    public void Add(TimeSpan elapsed) { lock (gate) { samples.Add(elapsed.TotalMilliseconds); } }

    public double Percentile(double p)
    {
        lock (gate)
        {
            if (samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = samples.Order().ToList();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }

    public string Row(string what) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {what} | {Count} | {Percentile(50):0.00} | {Percentile(95):0.00} | {Percentile(99):0.00} | {Percentile(100):0.00} |");

    public const string Header = "| measured | samples | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|";
}
