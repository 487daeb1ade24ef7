using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Escalation.CoverLimits.Rule;

public sealed record CoverLimitRuleAnswer(
    Instant Start,
    string StartLondon,
    string Nation,
    Instant WindowEnd,
    string WindowEndLondon,
    int LimitHours,
    Instant LimitAt,
    string LimitAtLondon,
    IReadOnlyList<LocalDate> BankHolidaysInWindow,
    string Explanation);

/// <summary>GET /rules/cover-limit?start=&amp;nation=: what the rule gives for a start and a nation, for coordinators and the docs.</summary>
public static class CoverLimitRuleSlice
{
    public static async Task<IResult> Handle(
        string? start, string? nation, IQuerySession session, BankHolidaySource holidays, IOptions<CoverLimitOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = InstantPattern.ExtendedIso.Parse(start ?? "");
        if (!parsed.Success)
        {
            errors["start"] = ["The cover start as an ISO-8601 instant in UTC, e.g. 2026-03-28T01:30:00Z."];
        }

        if (!Nations.TryParse(nation, out var chosen))
        {
            errors["nation"] = [$"One of {Nations.Accepted}."];
        }

        if (errors.Count > 0)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var settings = options.Value;
        var limit = CoverLimitRule.Compute(parsed.Value, chosen, await holidays.CurrentAsync(session, cancellationToken), settings);
        var windowEnd = parsed.Value + Duration.FromHours(settings.BaseHours);
        var explanation = limit.BankHolidaysInWindow.Count == 0
            ? $"No bank holiday of {chosen.Division()} falls within the first {settings.BaseHours} hours, so cover may run {limit.LimitHours} hours."
            : $"{string.Join(", ", limit.BankHolidaysInWindow.Select(d => d.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)))} "
              + $"falls within the first {settings.BaseHours} hours, so cover may run {limit.LimitHours} hours.";
        return Results.Ok(new CoverLimitRuleAnswer(
            parsed.Value, LondonTime.Stamp(parsed.Value), chosen.Division(), windowEnd, LondonTime.Stamp(windowEnd),
            limit.LimitHours, limit.LimitAt, LondonTime.Stamp(limit.LimitAt), limit.BankHolidaysInWindow, explanation));
    }
}
