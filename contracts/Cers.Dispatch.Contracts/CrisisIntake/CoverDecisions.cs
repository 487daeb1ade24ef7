using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>Longer-term care (family, friends, social services, a care package) takes over from emergency cover.</summary>
public sealed record LongerTermCareArranged(Guid ActivationId, string Arrangement, string ArrangedBy, Instant At);

/// <summary>Cover ended before its limit.</summary>
public sealed record CoverEndedEarly(Guid ActivationId, string EndedBy, string Reason, Instant At) : IIntakeNews;

/// <summary>A manager decided cover may run until <paramref name="NewLimitAt"/>.</summary>
public sealed record CoverExtended(Guid ActivationId, Instant NewLimitAt, string DecidedBy, string Reason, Instant At);
