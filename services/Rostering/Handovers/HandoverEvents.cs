using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers;

/// <summary>
/// The worker handing over left notes for whoever takes over. Starts the handover's own stream. <paramref name="RecordedVia"/>
/// is sms, plan-link or coordinator; <paramref name="RecordedBy"/> who typed them (the worker, or the coordinator they phoned).
/// The notes mention medication and health, so they are stored sealed under the activation's key.
/// </summary>
public sealed record HandoverRecorded(
    Guid HandoverId,
    Guid ActivationId,
    Guid OutgoingWorkerId,
    string OutgoingWorkerName,
    Guid? IncomingWorkerId,
    string? IncomingWorkerName,
    Sealed<string> Notes,
    string RecordedVia,
    string RecordedBy,
    Instant HandedOverAt);

/// <summary>A supervisor signed the notes off. The comment may name the carer or their health: sealed under the activation's key.</summary>
public sealed record HandoverSignedOff(Guid HandoverId, Guid ActivationId, string SignedOffBy, Sealed<string>? Comment, Instant SignedOffAt);

/// <summary>
/// A supervisor asked about the notes instead of signing them off; the handover can still be signed off later. The
/// question is sealed under the activation's key, as the notes are.
/// </summary>
public sealed record HandoverQueried(Guid HandoverId, Guid ActivationId, string QueriedBy, Sealed<string> Comment, Instant QueriedAt);
