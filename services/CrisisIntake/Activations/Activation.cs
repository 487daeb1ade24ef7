using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations;

public enum ActivationStatus
{
    Open,
}

public enum CardIdentification
{
    AwaitingCardCheck,
    Verified,
    NotIdentified,
}

/// <summary>The activation as coordinators see it, folded from its stream.</summary>
public sealed record Activation(
    Guid Id,
    ActivationStatus Status,
    Channel Channel,
    string? CardNumber,
    CannotCareReason Reason,
    Reporter ReportedBy,
    string? CarerLocation,
    string? UrgentNotes,
    Instant OpenedAt,
    CardIdentification Identification = CardIdentification.AwaitingCardCheck,
    Guid? CarerId = null,
    string? CardStatus = null,
    bool? CardWorks = null,
    string? Nation = null,
    string? Area = null,
    int Reports = 1,
    string? ConnectedCoordinator = null)
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

    public Activation Apply(ReportAttached e) => this with { Reports = Reports + 1 };

    public Activation Apply(CoordinatorAnswered e) => this with { ConnectedCoordinator = e.Name };
}
