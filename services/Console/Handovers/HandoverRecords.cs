using NodaTime;

namespace Cers.Dispatch.Console.Handovers;

/// <summary>A handover as rostering lists it (GET /handovers).</summary>
public sealed record HandoverListed(
    Guid HandoverId,
    Guid ActivationId,
    HandoverWorker OutgoingWorker,
    HandoverWorker? IncomingWorker,
    Instant HandedOverAt,
    string? Notes,
    string Status,
    string? ReviewedBy,
    Instant? ReviewedAt,
    string? ReviewComment,
    string? RecordedVia,
    string? RecordedBy,
    Guid? CarerId = null,
    string? Area = null);

public sealed record HandoverWorker(Guid Id, string? Name);
