using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers;

/// <summary>What GET /handovers shows a supervisor of one handover.</summary>
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
    public static HandoverView From(Handover h) => new(
        h.Id, h.ActivationId, h.Outgoing, h.Incoming, h.HandedOverAt, h.Notes, h.Status, h.ReviewedBy, h.ReviewedAt, h.ReviewComment, h.RecordedVia, h.RecordedBy);
}
