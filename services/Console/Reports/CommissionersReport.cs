using NodaTime;

namespace Cers.Dispatch.Console.Reports;

/// <summary>The figures for one month (UK time, by the month each activation opened in), or for the whole range.</summary>
public sealed record MonthFigures(
    string Label,
    YearMonth? Month,
    int Activations,
    IReadOnlyDictionary<string, int> ByChannel,
    IReadOnlyDictionary<string, int> ByReason,
    Spread ToFirstOffer,
    Spread ToStaffOnSite,
    Duration CoverTime,
    int LimitsReached,
    int BreachEscalations,
    int UnstaffedTooLong,
    IReadOnlyDictionary<string, int> Outcomes,
    int StillOpen)
{
    public double CoverHours => CoverTime.TotalHours;
}

/// <summary>What commissioners ask for, month by month over a range, from the console's <see cref="ActivationFigures"/>.</summary>
public sealed record CommissionersReport(
    YearMonth From,
    YearMonth To,
    IReadOnlyList<MonthFigures> Months,
    MonthFigures Whole,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Outcomes,
    Instant GeneratedAt)
{
    /// <summary>Longest range one report covers: five years of months.</summary>
    public const int MaxMonths = 60;

    public static IReadOnlyList<YearMonth> MonthsBetween(YearMonth from, YearMonth to)
    {
        if (from > to)
        {
            return [];
        }

        // Never a month past 'to': December 9999 has no next month.
        var months = new List<YearMonth> { from };
        while (months[^1] < to)
        {
            months.Add(months[^1].PlusMonths(1));
        }

        return months;
    }

    /// <summary>How many months the range covers, counted without walking it.</summary>
    public static int MonthCount(YearMonth from, YearMonth to) => ((to.Year - from.Year) * 12) + (to.Month - from.Month) + 1;

    /// <summary>
    /// Activations count in the month they opened in; cover still running is counted up to <paramref name="now"/>.
    /// Figures for activations whose opening the console never heard of are left out (they belong to no month).
    /// </summary>
    public static CommissionersReport Build(IEnumerable<ActivationFigures> activations, YearMonth from, YearMonth to, Instant now)
    {
        var opened = activations.Where(a => a.OpenedAt is not null && a.OpenedMonth is not null).ToList();
        var months = MonthsBetween(from, to);
        var inRange = opened.Where(a => months.Contains(Month(a))).ToList();
        var byMonth = months
            .Select(m => Figures(Show(m), m, inRange.Where(a => Month(a) == m).ToList(), now))
            .ToList();
        var whole = Figures(months.Count == 1 ? Show(from) : $"{Show(from)} to {Show(to)}", null, inRange, now);
        return new CommissionersReport(
            from,
            to,
            byMonth,
            whole,
            whole.ByChannel.Keys.Order(StringComparer.Ordinal).ToList(),
            whole.ByReason.Keys.Order(StringComparer.Ordinal).ToList(),
            whole.Outcomes.Keys.Order(StringComparer.Ordinal).ToList(),
            now);
    }

    public static string Show(YearMonth month) => month.ToString("MMM uuuu", System.Globalization.CultureInfo.InvariantCulture);

    private static YearMonth Month(ActivationFigures a) => NodaTime.Text.YearMonthPattern.Iso.Parse(a.OpenedMonth!).Value;

    private static MonthFigures Figures(string label, YearMonth? month, List<ActivationFigures> activations, Instant now) => new(
        label,
        month,
        activations.Count,
        CountBy(activations, a => a.Channel ?? "Unknown"),
        CountBy(activations, a => a.Reason ?? "Unknown"),
        Spread.Of(activations.Select(a => a.ToFirstOffer).OfType<Duration>()),
        Spread.Of(activations.Select(a => a.ToStaffOnSite).OfType<Duration>()),
        activations.Aggregate(Duration.Zero, (total, a) => total + a.CoverUntil(now)),
        activations.Count(a => a.LimitReached),
        activations.Sum(a => a.BreachEscalations),
        activations.Count(a => a.UnstaffedTooLong),
        CountBy(activations.Where(a => a.Outcome is not null).ToList(), a => a.Outcome!),
        activations.Count(a => a.Outcome is null));

    private static Dictionary<string, int> CountBy(List<ActivationFigures> activations, Func<ActivationFigures, string> key) =>
        activations.GroupBy(key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
