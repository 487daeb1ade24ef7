using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>
/// Who is held for a planned-cover booking, folded from the booking's reservation stream (id = booking id).
/// <paramref name="BookingVersion"/> counts the booking's moves; it is not named Version, which Marten fills with the
/// stream's version and which then no longer matched the reminder timer's id.
/// </summary>
public sealed record Reservation(
    Guid Id,
    Guid ActivationId,
    Guid CarerId,
    int BookingVersion,
    Guid? WorkerId,
    string? WorkerName,
    string? WorkerPhone,
    string Area,
    string Appointment,
    Instant StartsAt,
    Instant EndsAt,
    string? Unfilled,
    Instant? CancelledAt = null)
{
    public static Reservation Create(StaffReserved e) =>
        new(e.BookingId, e.ActivationId, e.CarerId, e.Version, e.WorkerId, e.WorkerName, e.WorkerPhone, e.Area, e.Appointment, e.StartsAt, e.EndsAt, null);

    public static Reservation Create(ReservationUnfilled e) =>
        new(e.BookingId, e.ActivationId, e.CarerId, e.Version, null, null, null, e.Area, e.Appointment, e.StartsAt, e.EndsAt, e.Why);

    public Reservation Apply(StaffReserved e) =>
        Create(e);

    public Reservation Apply(ReservationUnfilled e) =>
        Create(e);

    public Reservation Apply(ReservationReleased e) =>
        this with { WorkerId = null, WorkerName = null, WorkerPhone = null };

    public Reservation Apply(ReservationCancelled e) =>
        this with { Unfilled = null, CancelledAt = e.At };

    /// <summary>Nobody could be held, and the booking is still to come: worth trying again when a worker comes free.</summary>
    public bool StillUnfilledAt(Instant now) => Unfilled is not null && CancelledAt is null && StartsAt > now;

    /// <summary>A reminder the day before, when the booking was made long enough ahead for one to mean anything.</summary>
    public static Instant? RemindsAt(Instant startsAt, Instant reservedAt) =>
        startsAt - Duration.FromDays(1) is var at && at > reservedAt + Duration.FromHours(1) ? at : null;

    /// <summary>The escalation timer for the day-before reminder of one reservation version.</summary>
    public static Guid ReminderTimerId(Guid bookingId, int version) =>
        DeterministicGuid.From($"planned-cover/{bookingId:N}/reminder/{version}");
}
