using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

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

/// <summary>The query string: when cover starts, and the nation whose bank holidays count.</summary>
public sealed record CoverLimitRuleQuery(string? Start, string? Nation);

public sealed class CoverLimitRuleQueryValidator : AbstractValidator<CoverLimitRuleQuery>
{
    public CoverLimitRuleQueryValidator()
    {
        RuleFor(q => q.Start).IsoInstant();
        RuleFor(q => q.Nation).Must(nation => CoverLimitRuleSlice.NationOf(nation) is not null).WithMessage($"One of {Nations.Accepted}.");
    }
}

/// <summary>GET /rules/cover-limit?start=&amp;nation=: what the rule gives for a start and a nation, for coordinators and the docs.</summary>
public static class CoverLimitRuleSlice
{
    private static readonly CoverLimitRuleQueryValidator Validator = new();

    public static async Task<IResult> Handle(
        string? start, string? nation, IQuerySession session, BankHolidaySource holidays, IOptions<CoverLimitOptions> options, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new CoverLimitRuleQuery(start, nation)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var startsAt = Parse.Instant(start)!.Value;
        var chosen = NationOf(nation)!.Value;
        var settings = options.Value;
        var limit = CoverLimitRule.Compute(startsAt, chosen, await holidays.CurrentAsync(session, cancellationToken), settings);
        var windowEnd = startsAt + Duration.FromHours(settings.BaseHours);
        var explanation = limit.BankHolidaysInWindow.Count == 0
            ? $"No bank holiday of {chosen.Division()} falls within the first {settings.BaseHours} hours, so cover may run {limit.LimitHours} hours."
            : $"{string.Join(", ", limit.BankHolidaysInWindow.Select(d => d.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)))} "
              + $"falls within the first {settings.BaseHours} hours, so cover may run {limit.LimitHours} hours.";
        return Results.Ok(new CoverLimitRuleAnswer(
            startsAt, LondonTime.Stamp(startsAt), chosen.Division(), windowEnd, LondonTime.Stamp(windowEnd),
            limit.LimitHours, limit.LimitAt, LondonTime.Stamp(limit.LimitAt), limit.BankHolidaysInWindow, explanation));
    }

    internal static Nation? NationOf(string? text) => Nations.TryParse(text, out var nation) ? nation : null;
}
