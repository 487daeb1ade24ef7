using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers;

/// <summary>What GET /handovers shows a supervisor of one handover: the notes opened, or the erased marker.</summary>
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
    string RecordedBy)
{
    public static HandoverView From(Handover h, string notes) => new(
        h.Id, h.ActivationId, h.Outgoing, h.Incoming, h.HandedOverAt, notes, h.Status, h.ReviewedBy, h.ReviewedAt, h.ReviewComment, h.RecordedVia, h.RecordedBy);
}
