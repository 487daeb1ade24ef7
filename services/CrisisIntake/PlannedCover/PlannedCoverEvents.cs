using NodaTime;

namespace Cers.Dispatch.CrisisIntake.PlannedCover;

public enum AppointmentKind
{
    GP,
    Dentist,
    Hospital,
    Other,
}

public sealed record Appointment(AppointmentKind Kind, string Place);

public sealed record BookedBy(string Name, string Role);

/// <summary>A carer (or a coordinator for them) booked cover for a planned appointment.</summary>
public sealed record PlannedCoverBooked(
    Guid BookingId,
    Guid ActivationId,
    string CardNumber,
    Guid CarerId,
    string? Nation,
    string? Area,
    Appointment Appointment,
    Instant StartsAt,
    Instant EndsAt,
    BookedBy BookedBy,
    Instant BookedAt);

public sealed record PlannedCoverMoved(Guid BookingId, Guid ActivationId, Instant StartsAt, Instant EndsAt, int Version, string MovedBy, Instant MovedAt);

public sealed record PlannedCoverCancelled(Guid BookingId, Guid ActivationId, int Version, string CancelledBy, string Reason, Instant CancelledAt);

/// <summary>The booked time came: the booking became an activation on the planned-cover channel.</summary>
public sealed record PlannedCoverStarted(Guid BookingId, Guid ActivationId, Instant StartedAt);
