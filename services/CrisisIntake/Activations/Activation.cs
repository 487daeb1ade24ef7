using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations;

public enum ActivationStatus
{
    Open,
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
    Instant OpenedAt)
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
}
