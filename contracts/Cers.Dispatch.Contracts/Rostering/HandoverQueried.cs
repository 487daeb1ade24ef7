using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>A supervisor questioned a handover's notes instead of signing them off; <paramref name="Comment"/> says what.</summary>
public sealed record HandoverQueried(Guid ActivationId, Guid HandoverId, string QueriedBy, string Comment, Instant QueriedAt);
