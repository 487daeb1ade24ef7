using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>The worker replied YES: they are on their way.</summary>
public sealed record OfferAccepted(Guid ActivationId, Guid OfferId, Guid WorkerId, Instant AcceptedAt, string? WorkerName = null);
