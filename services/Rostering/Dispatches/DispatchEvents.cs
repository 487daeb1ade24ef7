using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches;

/// <summary>Crisis intake opened an activation: rostering now owes it staff.</summary>
public sealed record DispatchRequested(
    Guid ActivationId,
    Guid SourceMessageId,
    string Channel,
    string? CardNumber,
    string Reason,
    Instant ActivationOpenedAt,
    Instant RequestedAt);
