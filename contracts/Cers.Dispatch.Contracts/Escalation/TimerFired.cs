using NodaTime;

namespace Cers.Dispatch.Contracts.Escalation;

/// <summary>
/// Published once in effect per timer: the MessageId is the same on every republish, so consumers deduplicate on it.
/// </summary>
public sealed record TimerFired(Guid TimerId, Guid ActivationId, string Kind, Instant DueAt, Instant FiredAt, string? Target);
