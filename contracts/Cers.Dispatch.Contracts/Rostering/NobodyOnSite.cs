using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>The last worker on site left an open cover: nobody is with the person cared for. A replacement is being sought.</summary>
public sealed record NobodyOnSite(Guid ActivationId, Guid LastWorkerId, Instant Since, string? LastWorkerName = null) : IRosteringNews;
