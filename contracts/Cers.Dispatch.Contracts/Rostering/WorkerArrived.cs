using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// A care worker arrived on site for an activation. <paramref name="StartedCover"/>: with this arrival as many workers as the
/// plan needs are on site and cover starts, its limit running from the first arrival (false: cover waits for a colleague, or
/// has started already). <paramref name="OnSiteNow"/> of the <paramref name="PlacesNeeded"/> are on site with this arrival (0
/// on older messages). The name and the flag are null on messages from before they were sent.
/// The first arrival and the cover it starts are stored together, so they are told as one message: <paramref name="Cover"/>
/// then carries the start, and no <see cref="CoverStarted"/> follows. Should they ever travel apart (the relay's page
/// ended between them), each comes as its own message, <paramref name="Cover"/> null.
/// </summary>
public sealed record WorkerArrived(
    Guid ActivationId,
    Guid WorkerId,
    Instant ArrivedAt,
    string? WorkerName = null,
    bool? StartedCover = null,
    CoverStarted? Cover = null,
    int OnSiteNow = 0,
    int PlacesNeeded = 0) : IRosteringNews;
