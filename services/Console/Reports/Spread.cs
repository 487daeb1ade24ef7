using NodaTime;

namespace Cers.Dispatch.Console.Reports;

/// <summary>How long something took across activations: how many, the median and the 90th percentile.</summary>
public sealed record Spread(int Count, Duration? Median, Duration? Percentile90)
{
    public static readonly Spread None = new(0, null, null);

    /// <summary>
    /// Percentiles by linear interpolation between closest ranks, as a spreadsheet's MEDIAN and PERCENTILE.INC work them
    /// out, so a commissioner checking the CSV in Excel gets the same figures.
    /// </summary>
    public static Spread Of(IEnumerable<Duration> durations)
    {
        var sorted = durations.OrderBy(d => d).ToArray();
        return sorted.Length == 0 ? None : new(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.9));
    }

    public static Duration Percentile(IReadOnlyList<Duration> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values to take a percentile of.", nameof(sorted));
        }

        var rank = fraction * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        var between = rank - below;
        return sorted[below] + ((sorted[above] - sorted[below]) * between);
    }
}
