using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>Published by crisis intake when an activation is opened: somebody reported that a carer cannot care.</summary>
public sealed record ActivationOpened(
    Guid ActivationId,
    string Channel,
    string? CardNumber,
    string Reason,
    string ReportedByAgency,
    string ReportedByName,
    string? CallBackNumber,
    Instant OpenedAt);
