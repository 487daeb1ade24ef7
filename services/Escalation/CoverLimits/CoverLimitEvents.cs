using NodaTime;

namespace Cers.Dispatch.Escalation.CoverLimits;

public sealed record CoverLimitSet(
    Guid ActivationId,
    Instant CoverStartedAt,
    Instant LimitAt,
    int LimitHours,
    IReadOnlyList<LocalDate> BankHolidaysInWindow,
    string Nation,
    Instant SetAt);

public sealed record CoverLimitWarningSent(Guid ActivationId, int HoursBeforeLimit, Instant LimitAt, Instant SentAt);

public sealed record CoverLimitReached(Guid ActivationId, Instant LimitAt, Instant ReachedAt);

public sealed record CoverLimitEscalated(Guid ActivationId, int Repeat, IReadOnlyList<string> Notify, Instant EscalatedAt);

/// <summary>A manager's decision moved the limit; the warnings and the limit timer move with it.</summary>
public sealed record CoverLimitExtended(Guid ActivationId, Instant PreviousLimitAt, Instant NewLimitAt, string DecidedBy, string Reason, Instant ExtendedAt);

public enum CoverResolution
{
    LongerTermCareArranged,
    EndedEarly,
}

/// <summary>Cover no longer needs watching: longer-term care took over, or cover ended. The timers stop; a breach stays on record.</summary>
public sealed record CoverLimitResolved(Guid ActivationId, CoverResolution Resolution, string Detail, string By, Instant ResolvedAt);
