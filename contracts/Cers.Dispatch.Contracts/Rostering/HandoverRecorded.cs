using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// The worker handing over left notes for whoever takes over (what was done, medication given, anything to watch); they
/// wait for a supervisor's sign-off. <paramref name="IncomingWorkerId"/> is null when nobody had accepted the cover yet.
/// </summary>
public sealed record HandoverRecorded(Guid ActivationId, Guid HandoverId, Guid OutgoingWorkerId, Guid? IncomingWorkerId, string Notes, Instant RecordedAt,
    string? OutgoingWorkerName = null, string? IncomingWorkerName = null);
