using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingActivation;

/// <summary>The activation as the API shows it: its personal data opened, or marked erased once shredded.</summary>
public sealed record ActivationView(
    Guid Id,
    ActivationStatus Status,
    Channel Channel,
    string? CardNumber,
    CannotCareReason Reason,
    Reporter ReportedBy,
    string? CarerLocation,
    string? UrgentNotes,
    Instant OpenedAt,
    CardIdentification Identification,
    Guid? CarerId,
    string? CardStatus,
    bool? CardWorks,
    string? Nation,
    string? Area,
    int Reports,
    string? ConnectedCoordinator,
    LongerTermArrangement? LongerTermCare,
    bool CoverEnded,
    Instant? ExtendedLimitAt,
    ActivationOutcome? Outcome,
    Instant? ClosedAt,
    bool PersonalDataShredded,
    Instant? HandoverPackPreparedAt,
    Instant? HandoverPackSentAt)
{
    public static ActivationView From(Activation a, SubjectKey? key) => new(
        a.Id, a.Status, a.Channel, a.CardNumber, a.Reason, a.ReportedBy.Open(key), key.Show(a.CarerLocation), key.Show(a.UrgentNotes), a.OpenedAt,
        a.Identification, a.CarerId, a.CardStatus, a.CardWorks, a.Nation, a.Area, a.Reports, a.ConnectedCoordinator, a.LongerTermCare,
        a.CoverEnded, a.ExtendedLimitAt, a.Outcome, a.ClosedAt, a.PersonalDataShredded, a.HandoverPackPreparedAt, a.HandoverPackSentAt);
}
