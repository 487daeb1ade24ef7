using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Escalation.CoverLimits;

/// <summary>The parts of the cover-limit rule and of the short timers that may be configured (section "CoverLimit").</summary>
public sealed class CoverLimitOptions
{
    public const string Section = "CoverLimit";

    public int BaseHours { get; set; } = 48;

    public int ExtendedHours { get; set; } = 72;

    /// <summary>Whether the carer's nation's bank holidays extend the limit.</summary>
    public bool BankHolidaysExtend { get; set; } = true;

    /// <summary>Further dates (yyyy-MM-dd) that extend the limit for every nation, e.g. a day the service declares.</summary>
    public string[]? ExtraDatesThatCount { get; set; }

    /// <summary>Hours before the limit at which the on-call coordinator is warned; default 24, 12, 4 and 1.</summary>
    public int[]? WarningPointsHours { get; set; }

    public int EscalationRepeatMinutes { get; set; } = 30;

    /// <summary>Who a breach of the limit is escalated to.</summary>
    public string[]? EscalateTo { get; set; }

    public int NoWorkerOnSiteHours { get; set; } = 4;

    public int OfferDeadlineMinutes { get; set; } = 10;

    public int CoordinatorAnswerSeconds { get; set; } = 60;

    public IReadOnlyList<int> WarningPoints =>
        (WarningPointsHours is { Length: > 0 } points ? points : [24, 12, 4, 1]).Distinct().OrderDescending().ToList();

    public IReadOnlyList<string> Notify => EscalateTo is { Length: > 0 } people ? people : ["duty-manager", "supervisor"];

    public Duration EscalationRepeat => Duration.FromMinutes(EscalationRepeatMinutes);

    public IReadOnlySet<LocalDate> ExtraDates =>
        (ExtraDatesThatCount ?? []).Select(d => LocalDatePattern.Iso.Parse(d).GetValueOrThrow()).ToHashSet();
}
