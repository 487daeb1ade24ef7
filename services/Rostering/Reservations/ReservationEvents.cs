using NodaTime;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>A worker is held for a planned-cover booking; <paramref name="Version"/> counts reservations of the booking.</summary>
public sealed record StaffReserved(
    Guid BookingId, Guid ActivationId, Guid CarerId, int Version, Guid WorkerId, string WorkerName, string WorkerPhone,
    string Area, string Appointment, Instant StartsAt, Instant EndsAt, Instant ReservedAt);

/// <summary>Nobody could be held for the booking: a coordinator must find someone.</summary>
public sealed record ReservationUnfilled(
    Guid BookingId, Guid ActivationId, Guid CarerId, int Version, string Area, string Appointment, Instant StartsAt, Instant EndsAt, string Why, Instant At);

/// <summary>The booking moved or was cancelled: the worker held for it is free again.</summary>
public sealed record ReservationReleased(Guid BookingId, Guid ActivationId, int Version, Guid WorkerId, string Why, Instant At);

public sealed record ReservationReminderSent(Guid BookingId, int Version, Guid WorkerId, Instant At);

/// <summary>The booking was cancelled: nobody is to be held for it, and an unfilled one is no longer sought.</summary>
public sealed record ReservationCancelled(Guid BookingId, Guid ActivationId, int Version, Instant At);
