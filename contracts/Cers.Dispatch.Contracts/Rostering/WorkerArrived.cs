using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// A care worker arrived on site for an activation. <paramref name="StartedCover"/>: the first arrival, from which the cover
/// limit runs (false: taking over from a colleague). The name and the flag are null on messages from before they were sent.
/// </summary>
public sealed record WorkerArrived(Guid ActivationId, Guid WorkerId, Instant ArrivedAt, string? WorkerName = null, bool? StartedCover = null);
