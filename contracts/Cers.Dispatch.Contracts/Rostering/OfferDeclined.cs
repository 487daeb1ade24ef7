using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>The worker replied NO (or was already booked elsewhere); the next worker is asked.</summary>
public sealed record OfferDeclined(Guid ActivationId, Guid OfferId, Guid WorkerId, string Why, Instant DeclinedAt, string? WorkerName = null) : IRosteringNews;
