using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>A care worker left the site of an activation.</summary>
public sealed record WorkerLeft(Guid ActivationId, Guid WorkerId, Instant LeftAt, string? WorkerName = null);
