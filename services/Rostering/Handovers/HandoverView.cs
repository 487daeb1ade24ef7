using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers;

/// <summary>
/// What GET /handovers shows a supervisor of one handover: the notes and the review's comment opened, or the erased marker;
/// and whose home it was (the carer and area, from the activation's dispatch, once the carer was identified).
/// </summary>
public sealed record HandoverView(
    Guid HandoverId,
    Guid ActivationId,
    HandoverWorker OutgoingWorker,
    HandoverWorker? IncomingWorker,
    Instant HandedOverAt,
    string Notes,
    string Status,
    string? ReviewedBy,
    Instant? ReviewedAt,
    string? ReviewComment,
    string RecordedVia,
    string RecordedBy,
    Guid? CarerId = null,
    string? Area = null)
{
    public static HandoverView From(Handover h, IReadOnlyDictionary<Guid, SubjectKey> keys, StaffDispatch? dispatch = null) => new(
        h.Id, h.ActivationId, h.Outgoing, h.Incoming, h.HandedOverAt, keys.Show(h.Notes), h.Status, h.ReviewedBy, h.ReviewedAt,
        h.ReviewComment is { } comment ? keys.Show(comment) : null, h.RecordedVia, h.RecordedBy, dispatch?.CarerId, dispatch?.Area);

    /// <summary>Whatever of a handover is sealed: the notes, and the review's comment once there is one.</summary>
    public static IEnumerable<Sealed<string>> SealedParts(Handover h) =>
        h.ReviewComment is { } comment ? [h.Notes, comment] : [h.Notes];
}
