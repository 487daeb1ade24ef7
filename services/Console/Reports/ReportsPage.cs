using System.Globalization;
using System.Security.Claims;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Reports;

/// <summary>The months a report is asked for, as a month input sends them ("2026-11"); either may be left out.</summary>
public sealed record ReportMonths(string? From, string? To);

public sealed class ReportMonthsValidator : AbstractValidator<ReportMonths>
{
    public ReportMonthsValidator(YearMonth thisMonth)
    {
        RuleFor(m => m.From).Must(BeAMonthIfGiven).WithMessage("A month as yyyy-MM, e.g. 2026-04.");
        RuleFor(m => m.To).Must(BeAMonthIfGiven).WithMessage("A month as yyyy-MM, e.g. 2026-09.");
        RuleFor(m => m.To).Must((months, _) => ReportsPage.Range(months, thisMonth) is not null)
            .When(months => BeAMonthIfGiven(months.From) && BeAMonthIfGiven(months.To))
            .WithMessage($"Must be the same month as 'from' or later, and at most {CommissionersReport.MaxMonths} months after it.");
    }

    private static bool BeAMonthIfGiven(string? text) => string.IsNullOrWhiteSpace(text) || ReportsPage.Month(text) is not null;
}

/// <summary>The figures commissioners ask for, month by month: as charts with their tables, and as a CSV download.</summary>
public static class ReportsPage
{
    private const string RefusedTitle = "The report's months are not valid.";

    public const int DefaultMonths = 6;

    public static async Task<IResult> Handle(string? from, string? to, ClaimsPrincipal user, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var thisMonth = clock.GetCurrentInstant().InZone(LondonTime.London).Date.ToYearMonth();
        var months = new ReportMonths(from, to);
        if (new ReportMonthsValidator(thisMonth).Validate(months) is { IsValid: false } invalid)
        {
            return invalid.ToProblem(RefusedTitle);
        }

        var (first, last) = Range(months, thisMonth)!.Value;

        var report = await BuildAsync(session, first, last, clock, cancellationToken);
        return Pages.Render<ReportsView>(new { Report = report, GeneratedBy = user.Identity?.Name ?? "unknown" });
    }

    public static async Task<IResult> Csv(string? from, string? to, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var thisMonth = clock.GetCurrentInstant().InZone(LondonTime.London).Date.ToYearMonth();
        var months = new ReportMonths(from, to);
        if (new ReportMonthsValidator(thisMonth).Validate(months) is { IsValid: false } invalid)
        {
            return invalid.ToProblem(RefusedTitle);
        }

        var (first, last) = Range(months, thisMonth)!.Value;

        var report = await BuildAsync(session, first, last, clock, cancellationToken);
        return Results.File(
            Supervision.Csv.Bytes(ReportCsv.Write(report)),
            "text/csv; charset=utf-8",
            $"cers-report-{ActivationFigures.MonthOf(first)}-to-{ActivationFigures.MonthOf(last)}.csv");
    }

    public static async Task<CommissionersReport> BuildAsync(IQuerySession session, YearMonth from, YearMonth to, IClock clock, CancellationToken cancellationToken)
    {
        var keys = CommissionersReport.MonthsBetween(from, to).Select(ActivationFigures.MonthOf).ToArray();
        var activations = await session.Query<ActivationFigures>().Where(a => keys.Contains(a.OpenedMonth!)).ToListAsync(cancellationToken);
        return CommissionersReport.Build(activations, from, to, clock.GetCurrentInstant());
    }

    /// <summary>The months asked for; by default the last six, this one included. Null when they run backwards or too far.</summary>
    public static (YearMonth From, YearMonth To)? Range(ReportMonths months, YearMonth thisMonth)
    {
        var last = string.IsNullOrWhiteSpace(months.To) ? thisMonth : Month(months.To);
        var first = string.IsNullOrWhiteSpace(months.From) ? MonthsBefore(last, DefaultMonths - 1) : Month(months.From);
        return first is { } f && last is { } l && f <= l && CommissionersReport.MonthCount(f, l) <= CommissionersReport.MaxMonths
            ? (f, l)
            : null;
    }

    /// <summary>null when that would be before the first month there is (a 'to' of 0001-01).</summary>
    private static YearMonth? MonthsBefore(YearMonth? month, int count) =>
        month is { } m && (m.Year * 12) + m.Month - count > 12 ? m.PlusMonths(-count) : null;

    public static YearMonth? Month(string text) => YearMonthPattern.Iso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>One chart of the report and the words around it.</summary>
    public sealed record ReportChart(
        string Id, string Title, string Description, IReadOnlyList<ChartSeries> Series, bool Stacked, Func<double, string> Format, bool WholeNumbers);

    /// <summary>The report's charts, in the order the page shows them.</summary>
    public static IReadOnlyList<ReportChart> Figures(CommissionersReport report)
    {
        var whole = report.Whole;
        return
        [
            new("by-channel", "Activations per month by channel", $"Activations opened each month, stacked by how they were reported. {whole.Activations} in all.",
                report.Channels.Select(c => Series(Words(c), report.Months, m => m.ByChannel.GetValueOrDefault(c))).ToList(), Stacked: true, Count, WholeNumbers: true),
            new("by-reason", "Activations per month by reason", "Activations opened each month, stacked by why the carer could not care.",
                report.Reasons.Select(r => Series(Words(r), report.Months, m => m.ByReason.GetValueOrDefault(r))).ToList(), Stacked: true, Count, WholeNumbers: true),
            new("to-first-offer", "Minutes from the call to the first staff offer", $"Median and 90th percentile each month. Over the range: {Spread(whole.ToFirstOffer)}.",
                TimeSeries(report.Months, m => m.ToFirstOffer), Stacked: false, Minutes, WholeNumbers: false),
            new("to-on-site", "Minutes from the call to staff on site", $"Median and 90th percentile each month. Over the range: {Spread(whole.ToStaffOnSite)}.",
                TimeSeries(report.Months, m => m.ToStaffOnSite), Stacked: false, Minutes, WholeNumbers: false),
            new("cover-hours", "Cover hours per month", $"Hours of cover given for the activations opened each month. {Hours(whole.CoverHours)} hours in all.",
                [Series("Cover hours", report.Months, m => m.CoverHours)], Stacked: false, Hours, WholeNumbers: false),
            new("cover-limits", "Cover limits reached per month",
                $"Activations whose 48 or 72-hour cover limit was reached with no longer-term care arranged, the escalations of those breaches, and activations with no worker on site in time. {whole.LimitsReached} limits reached in all.",
                [
                    Series("Cover limit reached", report.Months, m => m.LimitsReached),
                    Series("Breach escalations", report.Months, m => m.BreachEscalations),
                    Series("No worker on site in time", report.Months, m => m.UnstaffedTooLong),
                ],
                Stacked: false, Count, WholeNumbers: true),
            new("outcomes", "Outcomes per month", $"How the activations opened each month ended. {Outcomes(whole)}.",
                [.. report.Outcomes.Select(o => Series(Words(o), report.Months, m => m.Outcomes.GetValueOrDefault(o))), Series("Still open", report.Months, m => m.StillOpen)],
                Stacked: true, Count, WholeNumbers: true),
        ];
    }

    private static ChartSeries Series(string name, IReadOnlyList<MonthFigures> months, Func<MonthFigures, double> value) =>
        new(name, months.Select(value).ToList());

    private static List<ChartSeries> TimeSeries(IReadOnlyList<MonthFigures> months, Func<MonthFigures, Spread> spread) =>
    [
        Series("Median", months, m => spread(m).Median?.TotalMinutes ?? 0),
        Series("90th percentile", months, m => spread(m).Percentile90?.TotalMinutes ?? 0),
    ];

    public static string Spread(Spread spread) => spread.Count == 0
        ? "no activations"
        : $"median {Duration(spread.Median!.Value)}, 90th percentile {Duration(spread.Percentile90!.Value)} ({spread.Count} activation{(spread.Count == 1 ? "" : "s")})";

    public static string Duration(Duration d) =>
        d.TotalMinutes < 60 ? $"{Math.Round(d.TotalMinutes):0} min" : $"{(int)d.TotalHours} h {d.Minutes:00} min";

    public static string Outcomes(MonthFigures m) =>
        string.Join(", ", m.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{Words(o.Key).ToLowerInvariant()} {o.Value}").Append($"still open {m.StillOpen}"));

    private static string Count(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Minutes(double value) => value.ToString(value < 10 ? "0.##" : "0", CultureInfo.InvariantCulture);

    public static string Hours(double value) => value.ToString(value < 10 ? "0.##" : "0", CultureInfo.InvariantCulture);

    private static string Words(string name) => Supervision.Wording.Words(name);
}
