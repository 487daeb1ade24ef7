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

    /// <summary>
    /// A row with the figure also as a multiple of what the hardware allows, measured in the same run: the bare
    /// PostgreSQL insert+commit and the bare RabbitMQ publish-to-consume round trip, at the same percentile.
    /// </summary>
    public string RowAgainstFloor(string what)
    {
        if (Floor.Measured is not { } floor)
        {
            return Row(what) + " | | | | |";
        }

        string Times(double figure, double bare) => double.IsNaN(figure) || bare <= 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{figure / bare:0.#}×");
        return Row(what) + string.Create(CultureInfo.InvariantCulture,
            $" {Times(Percentile(50), floor.PostgresCommit.Percentile(50))} | {Times(Percentile(99), floor.PostgresCommit.Percentile(99))} | {Times(Percentile(50), floor.RabbitMqRoundTrip.Percentile(50))} | {Times(Percentile(99), floor.RabbitMqRoundTrip.Percentile(99))} |");
    }

    public const string HeaderAgainstFloor =
        "| measured | samples | p50 ms | p95 ms | p99 ms | max ms | p50 ÷ PG commit | p99 ÷ PG commit | p50 ÷ RabbitMQ trip | p99 ÷ RabbitMQ trip |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
}

/// <summary>The floor measured at the start of this run (see FloorScenario); every other figure is given against it.</summary>
public sealed record Floor(Latencies PostgresCommit, Latencies RabbitMqRoundTrip)
{
    public static Floor? Measured { get; set; }
}
