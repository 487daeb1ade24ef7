using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.PlannedCover;

public enum BookingStatus
{
    Booked,
    Cancelled,
    Started,
}

/// <summary>
/// A planned-cover booking, folded from its stream. <see cref="BookingVersion"/> counts moves, so each start timer is its own.
/// It is not named Version: Marten fills a Version with the stream's version, so an unmoved booking read back as version 1,
/// its start timer (made for version 0) was ignored as stale, and the cover never started.
/// </summary>
public sealed record PlannedCoverBooking(
    Guid Id,
    Guid ActivationId,
    string CardNumber,
    Guid CarerId,
    string? Nation,
    string? Area,
    Appointment Appointment,
    Instant StartsAt,
    Instant EndsAt,
    BookedBy BookedBy,
    BookingStatus Status,
    int BookingVersion)
{
    /// <summary>Cover for a planned appointment may last at most this long.</summary>
    public static readonly Duration MaximumLength = Duration.FromHours(48);

    public static PlannedCoverBooking Create(PlannedCoverBooked e) => new(
        e.BookingId, e.ActivationId, e.CardNumber, e.CarerId, e.Nation, e.Area, e.Appointment, e.StartsAt, e.EndsAt, e.BookedBy, BookingStatus.Booked, 0);

    public PlannedCoverBooking Apply(PlannedCoverMoved e) => this with { StartsAt = e.StartsAt, EndsAt = e.EndsAt, BookingVersion = e.Version };

    public PlannedCoverBooking Apply(PlannedCoverCancelled e) => this with { Status = BookingStatus.Cancelled };

    /// <summary>Started: the activation is the one it opened, or the one already open for the carer that it joined.</summary>
    public PlannedCoverBooking Apply(PlannedCoverStarted e) => this with { Status = BookingStatus.Started, ActivationId = e.ActivationId };

    /// <summary>The escalation timer that starts this booking's cover, one per version so a moved booking never starts twice.</summary>
    public static Guid StartTimerId(Guid bookingId, int version) =>
        DeterministicGuid.From($"planned-cover/{bookingId:N}/start/{version}");

}
