using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Staffing;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.ServiceDefaults.Relay;
using Published = Cers.Dispatch.Contracts.Escalation;

namespace Cers.Dispatch.Escalation;

/// <summary>
/// Which of escalation's events other services hear about, and in what shape; the rest stay internal. The limit set and
/// reached are told only in the news (the board and crisis intake's timeline); a warning, a breach escalated and an
/// activation unstaffed too long, which rostering pages people for, and a timer fired are told on their own.
/// </summary>
public sealed class ContractMap : EventContracts
{
    public ContractMap()
    {
        Tell<TimerFired>(e => new Published.TimerFired(e.TimerId, e.ActivationId, e.Kind, e.DueAt, e.FiredAt, e.Target));
        TellOnlyInNews<CoverLimitSet, Published.CoverLimitSet>(e => new Published.CoverLimitSet(e.ActivationId, e.CoverStartedAt, e.LimitAt, e.LimitHours, e.BankHolidaysInWindow, e.Nation));
        Tell<CoverLimitWarningSent>(e => new Published.CoverLimitWarning(e.ActivationId, e.HoursBeforeLimit, e.LimitAt, e.SentAt));
        TellOnlyInNews<CoverLimitReached, Published.CoverLimitReached>(e => new Published.CoverLimitReached(e.ActivationId, e.LimitAt, e.ReachedAt));
        Tell<CoverLimitEscalated>(e => new Published.CoverLimitEscalated(e.ActivationId, e.Repeat, [.. e.Notify], e.EscalatedAt));
        Tell<ActivationUnstaffedTooLong>(e => new Published.ActivationUnstaffedTooLong(e.ActivationId, e.OpenedAt, e.RaisedAt));

        // The board takes what it needs of it in about a second's news.
        TellNews<Published.IEscalationNews>();
    }
}
