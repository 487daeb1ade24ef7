using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// A care worker left the site of an activation. After it <paramref name="OnSiteNow"/> are on site and
/// <paramref name="PlacesFilled"/> of the <paramref name="PlacesNeeded"/> places the plan needs at once are held (a companion
/// leaving frees a place, which is offered again); all three 0 on messages from before they were sent.
/// </summary>
public sealed record WorkerLeft(Guid ActivationId, Guid WorkerId, Instant LeftAt, string? WorkerName = null, int OnSiteNow = 0, int PlacesFilled = 0, int PlacesNeeded = 0) : IRosteringNews;
