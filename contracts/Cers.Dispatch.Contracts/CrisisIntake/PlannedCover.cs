using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>Cover booked for a planned appointment: rostering reserves a worker ahead of time.</summary>
public sealed record PlannedCoverBooked(
    Guid BookingId,
    Guid ActivationId,
    string CardNumber,
    Guid CarerId,
    string? Nation,
    string? Area,
    string Appointment,
    Instant StartsAt,
    Instant EndsAt,
    Instant BookedAt);

public sealed record PlannedCoverMoved(Guid BookingId, Guid ActivationId, Instant StartsAt, Instant EndsAt, Instant MovedAt);

public sealed record PlannedCoverCancelled(Guid BookingId, Guid ActivationId, string Reason, Instant CancelledAt);
