using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>A supervisor read a handover's notes and signed them off.</summary>
public sealed record HandoverSignedOff(Guid ActivationId, Guid HandoverId, string SignedOffBy, string? Comment, Instant SignedOffAt);
