using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>A care worker arrived on site for an activation.</summary>
public sealed record WorkerArrived(Guid ActivationId, Guid WorkerId, Instant ArrivedAt);
