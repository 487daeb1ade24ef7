using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Staffing;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.ServiceDefaults.Relay;
using JasperFx.Events;
using Published = Cers.Dispatch.Contracts.Escalation;

namespace Cers.Dispatch.Escalation;

/// <summary>Which of escalation's events other services hear about, and in what shape; the rest stay internal.</summary>
public sealed class ContractMap : IContractMap
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        TimerFired e => new Published.TimerFired(e.TimerId, e.ActivationId, e.Kind, e.DueAt, e.FiredAt, e.Target),
        CoverLimitSet e => new Published.CoverLimitSet(e.ActivationId, e.CoverStartedAt, e.LimitAt, e.LimitHours, e.BankHolidaysInWindow, e.Nation),
        CoverLimitWarningSent e => new Published.CoverLimitWarning(e.ActivationId, e.HoursBeforeLimit, e.LimitAt, e.SentAt),
        CoverLimitReached e => new Published.CoverLimitReached(e.ActivationId, e.LimitAt, e.ReachedAt),
        CoverLimitEscalated e => new Published.CoverLimitEscalated(e.ActivationId, e.Repeat, [.. e.Notify], e.EscalatedAt),
        ActivationUnstaffedTooLong e => new Published.ActivationUnstaffedTooLong(e.ActivationId, e.OpenedAt, e.RaisedAt),
        _ => null,
    };
}
