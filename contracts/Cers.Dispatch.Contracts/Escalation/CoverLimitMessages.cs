using NodaTime;

namespace Cers.Dispatch.Contracts.Escalation;

/// <summary>The 48/72-hour limit of an activation's cover, as worked out when cover started or was extended.</summary>
public sealed record CoverLimitSet(
    Guid ActivationId,
    Instant CoverStartedAt,
    Instant LimitAt,
    int LimitHours,
    IReadOnlyList<LocalDate> BankHolidaysInWindow,
    string Nation) : IEscalationNews;

/// <summary>A warning to the on-call coordinator that the cover limit is <paramref name="HoursBeforeLimit"/> hours away.</summary>
public sealed record CoverLimitWarning(Guid ActivationId, int HoursBeforeLimit, Instant LimitAt, Instant At);

/// <summary>Cover reached its limit with no longer-term care arranged. Cover carries on: nobody is abandoned.</summary>
public sealed record CoverLimitReached(Guid ActivationId, Instant LimitAt, Instant At) : IEscalationNews;

/// <summary>The breach is escalated (again, when <paramref name="Repeat"/> is above 1) to the people in <paramref name="Notify"/>.</summary>
public sealed record CoverLimitEscalated(Guid ActivationId, int Repeat, string[] Notify, Instant At) : IEscalationNews;

/// <summary>No worker was on site within the configured hours of the activation opening.</summary>
public sealed record ActivationUnstaffedTooLong(Guid ActivationId, Instant OpenedAt, Instant At) : IEscalationNews;
