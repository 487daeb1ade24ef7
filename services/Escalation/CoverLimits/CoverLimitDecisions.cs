using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.CoverLimits;

public sealed record StartCover(Guid ActivationId, Instant StartedAt, Nation Nation, Instant Now);

public sealed record ExtendCover(Guid ActivationId, Instant NewLimitAt, string DecidedBy, string Reason, Instant Now);

public sealed record ResolveCover(Guid ActivationId, CoverResolution Resolution, string Detail, string By, Instant Now);

/// <summary>How the cover limit of an activation is set, moved and stopped; pure functions of command and state.</summary>
public static class CoverLimitDecisions
{
    public static EscalationDecision Start(StartCover command, ActivationEscalation state, BankHolidayCalendar calendar, CoverLimitOptions options)
    {
        if (state.Cover is not null || state.Resolution is not null)
        {
            return EscalationDecision.Nothing;
        }

        var limit = CoverLimitRule.Compute(command.StartedAt, command.Nation, calendar, options);
        var set = new CoverLimitSet(
            command.ActivationId, limit.CoverStartedAt, limit.LimitAt, limit.LimitHours, limit.BankHolidaysInWindow, command.Nation.Division(), command.Now);
        return new EscalationDecision([set], CoverTimers.For(command.ActivationId, 1, limit.LimitAt, options, command.Now), []);
    }

    public static EscalationDecision Extend(ExtendCover command, ActivationEscalation state, IReadOnlyList<DurableTimer> pending, CoverLimitOptions options)
    {
        if (state.Cover is not { IsWatching: true } cover || command.NewLimitAt == cover.LimitAt)
        {
            return EscalationDecision.Nothing;
        }

        var extended = new CoverLimitExtended(command.ActivationId, cover.LimitAt, command.NewLimitAt, command.DecidedBy, command.Reason, command.Now);
        return new EscalationDecision(
            [extended],
            CoverTimers.For(command.ActivationId, cover.Revision + 1, command.NewLimitAt, options, command.Now),
            pending.Where(t => TimerKinds.IsCover(t.Kind)).ToList(),
            $"cover extended to {LondonTime.Stamp(command.NewLimitAt)} by {command.DecidedBy}");
    }

    public static EscalationDecision Resolve(ResolveCover command, ActivationEscalation state, IReadOnlyList<DurableTimer> pending)
    {
        if (state.Resolution is not null)
        {
            return EscalationDecision.Nothing;
        }

        var resolved = new CoverLimitResolved(command.ActivationId, command.Resolution, command.Detail, command.By, command.Now);
        return new EscalationDecision(
            [resolved],
            [],
            pending.Where(t => TimerKinds.IsCover(t.Kind) || t.Kind == TimerKinds.WorkerOnSite).ToList(),
            command.Resolution == CoverResolution.LongerTermCareArranged ? "longer-term care arranged" : "cover ended early");
    }
}
