using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// The worker replied YES: they are on their way. A plan can need several workers at once (a two-person transfer):
/// <paramref name="PlacesFilled"/> of its <paramref name="PlacesNeeded"/> places are held with this acceptance (both 0 on
/// messages from before places were told).
/// </summary>
public sealed record OfferAccepted(Guid ActivationId, Guid OfferId, Guid WorkerId, Instant AcceptedAt, string? WorkerName = null, int PlacesFilled = 0, int PlacesNeeded = 0) : IRosteringNews;
