using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.Reports;

/// <summary>
/// What the commissioners' report needs to know about one activation: the console's own read model, built from the
/// services' messages. Every change is order-independent (earliest time wins, flags only ever set), so messages
/// arriving in any order, or a message about an activation whose opening has not arrived yet, give the same figures.
/// </summary>
public sealed record ActivationFigures(
    Guid Id,
    Instant? OpenedAt = null,
    string? OpenedMonth = null,
    string? Channel = null,
    string? Reason = null,
    Instant? FirstOfferAt = null,
    Instant? FirstOnSiteAt = null,
    Instant? CoverStartedAt = null,
    Instant? CoverEndedAt = null,
    bool LimitReached = false,
    int BreachEscalations = 0,
    bool UnstaffedTooLong = false,
    string? Outcome = null,
    Instant? ClosedAt = null,
    IReadOnlyList<Guid>? HandledMessages = null)
{
    private static readonly YearMonthPattern MonthKey = YearMonthPattern.Iso;

    /// <summary>The month (UK time) an activation opened in, as stored: "2026-11".</summary>
    public static string MonthOf(Instant at) => MonthKey.Format(at.InZone(LondonTime.London).Date.ToYearMonth());

    public static string MonthOf(YearMonth month) => MonthKey.Format(month);

    public ActivationFigures Opened(Intake.ActivationOpened m) =>
        this with { OpenedAt = m.OpenedAt, OpenedMonth = MonthOf(m.OpenedAt), Channel = m.Channel, Reason = m.Reason };

    public ActivationFigures Offered(Rostering.OfferSent m) => this with { FirstOfferAt = Earliest(FirstOfferAt, m.SentAt) };

    public ActivationFigures Arrived(Rostering.WorkerArrived m) => this with { FirstOnSiteAt = Earliest(FirstOnSiteAt, m.ArrivedAt) };

    public ActivationFigures CoverStarted(Rostering.CoverStarted m) => this with { CoverStartedAt = Earliest(CoverStartedAt, m.StartedAt) };

    public ActivationFigures LimitSet(Escalation.CoverLimitSet m) => this with { CoverStartedAt = Earliest(CoverStartedAt, m.CoverStartedAt) };

    public ActivationFigures CoverEndedEarly(Intake.CoverEndedEarly m) => this with { CoverEndedAt = Earliest(CoverEndedAt, m.At) };

    public ActivationFigures Closed(Intake.ActivationClosed m) => this with { Outcome = m.Outcome, ClosedAt = m.ClosedAt };

    public ActivationFigures Reached(Escalation.CoverLimitReached _) => this with { LimitReached = true };

    public ActivationFigures Escalated(Escalation.CoverLimitEscalated _) => this with { BreachEscalations = BreachEscalations + 1 };

    public ActivationFigures Unstaffed(Escalation.ActivationUnstaffedTooLong _) => this with { UnstaffedTooLong = true };

    public Duration? ToFirstOffer => OpenedAt is { } opened && FirstOfferAt is { } offered ? offered - opened : null;

    public Duration? ToStaffOnSite => OpenedAt is { } opened && FirstOnSiteAt is { } onSite ? onSite - opened : null;

    /// <summary>From cover starting to it ending early or the activation closing; cover still running counts up to <paramref name="now"/>.</summary>
    public Duration CoverUntil(Instant now)
    {
        if (CoverStartedAt is not { } started)
        {
            return Duration.Zero;
        }

        var ended = Earliest(CoverEndedAt, ClosedAt ?? now)!.Value;
        return ended > started ? ended - started : Duration.Zero;
    }

    private static Instant? Earliest(Instant? current, Instant candidate) =>
        current is { } c && c <= candidate ? c : candidate;
}
