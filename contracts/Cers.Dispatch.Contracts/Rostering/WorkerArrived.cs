using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// A care worker arrived on site for an activation. <paramref name="StartedCover"/>: the first arrival, from which the cover
/// limit runs (false: taking over from a colleague). The name and the flag are null on messages from before they were sent.
/// The first arrival and the cover it starts are stored together, so they are told as one message: <paramref name="Cover"/>
/// then carries the start, and no <see cref="CoverStarted"/> follows. Should they ever travel apart (the relay's page
/// ended between them), each comes as its own message, <paramref name="Cover"/> null.
/// </summary>
public sealed record WorkerArrived(
    Guid ActivationId, Guid WorkerId, Instant ArrivedAt, string? WorkerName = null, bool? StartedCover = null, CoverStarted? Cover = null);
