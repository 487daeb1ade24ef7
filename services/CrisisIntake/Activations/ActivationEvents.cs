using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations;

public enum Channel
{
    PartnerApi,
    Phone,
    Console,
    PlannedCover,
}

public enum CannotCareReason
{
    AdmittedToHospital,
    Accident,
    Illness,
    Other,
}

public sealed record Reporter(string Agency, string Name, string? CallBackNumber);

public sealed record ActivationOpened(
    Guid ActivationId,
    Channel Channel,
    string? CardNumber,
    CannotCareReason Reason,
    Reporter ReportedBy,
    string? CarerLocation,
    string? UrgentNotes,
    Instant OpenedAt);
