using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations;

public enum ActivationStatus
{
    Open,
    Closed,
}

public enum CardIdentification
{
    AwaitingCardCheck,
    Verified,
    NotIdentified,

    /// <summary>The card is known but not in use: a coordinator must confirm the carer.</summary>
    NotInUse,
}

/// <summary>The activation as coordinators see it, folded from its stream.</summary>
public sealed record Activation(
    Guid Id,
    ActivationStatus Status,
    Channel Channel,
    string? CardNumber,
    CannotCareReason Reason,
    SealedReporter ReportedBy,
    Sealed<string>? CarerLocation,
    Sealed<string>? UrgentNotes,
    Instant OpenedAt,
    CardIdentification Identification = CardIdentification.AwaitingCardCheck,
    Guid? CarerId = null,
    string? CardStatus = null,
    bool? CardWorks = null,
    string? Nation = null,
    string? Area = null,
    int Reports = 1,
    string? ConnectedCoordinator = null,
    LongerTermArrangement? LongerTermCare = null,
    bool CoverEnded = false,
    Instant? ExtendedLimitAt = null,
    ActivationOutcome? Outcome = null,
    Instant? ClosedAt = null,
    bool PersonalDataShredded = false,
    Instant? HandoverPackPreparedAt = null,
    Instant? HandoverPackSentAt = null)
{
    public static Activation Create(ActivationOpened opened) => new(
        opened.ActivationId,
        ActivationStatus.Open,
        opened.Channel,
        opened.CardNumber,
        opened.Reason,
        opened.ReportedBy,
        opened.CarerLocation,
        opened.UrgentNotes,
        opened.OpenedAt);

    public Activation Apply(CardVerified e) => this with
    {
        Identification = CardIdentification.Verified,
        CardNumber = e.CardNumber,
        CarerId = e.CarerId,
        CardStatus = e.CardStatus,
        CardWorks = e.CardWorks,
        Nation = e.Nation,
        Area = e.Area,
    };

    public Activation Apply(CardNotIdentified e) => this with { Identification = CardIdentification.NotIdentified };

    public Activation Apply(CardNotInUse e) => this with { Identification = CardIdentification.NotInUse, CardNumber = e.CardNumber, CardStatus = e.CardStatus, CardWorks = false };

    public Activation Apply(ReportAttached e) => this with { Reports = Reports + 1 };

    public Activation Apply(CoordinatorAnswered e) => this with { ConnectedCoordinator = e.Name };

    public Activation Apply(LongerTermCareArranged e) => this with { LongerTermCare = e.Arrangement };

    public Activation Apply(CoverEndedEarly e) => this with { CoverEnded = true };

    public Activation Apply(CoverExtended e) => this with { ExtendedLimitAt = e.NewLimitAt };

    public Activation Apply(ActivationClosed e) => this with { Status = ActivationStatus.Closed, Outcome = e.Outcome, ClosedAt = e.ClosedAt };

    public Activation Apply(PersonalDataShredded e) => this with { PersonalDataShredded = true };

    public Activation Apply(HandoverPackPrepared e) => this with { HandoverPackPreparedAt = e.PreparedAt };

    public Activation Apply(HandoverPackSent e) => this with { HandoverPackSentAt = e.SentAt };
}
