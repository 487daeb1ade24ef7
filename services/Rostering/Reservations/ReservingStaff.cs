using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>
/// Holds a worker ahead of time for each planned-cover booking (<see cref="HoldingStaff"/>). A moved booking is reserved
/// again; a cancelled one releases its worker. The worker is told by SMS, and reminded the day before (escalation's timer).
/// </summary>
public sealed class ReservingStaff(HoldingStaff holding) :
    IConsumer<Intake.PlannedCoverBooked>,
    IConsumer<Intake.PlannedCoverMoved>,
    IConsumer<Intake.PlannedCoverCancelled>
{
    public Task Consume(ConsumeContext<Intake.PlannedCoverBooked> context) =>
        holding.DecideAsync(async work =>
        {
            var booking = context.Message;
            work.Session.MarkHandled(context, nameof(ReservingStaff), work.Now);
            var window = new BookedWindow(booking.BookingId, booking.ActivationId, booking.CarerId, 1, booking.Area ?? "", booking.Appointment, booking.StartsAt, booking.EndsAt);
            await holding.ReserveAsync(work, window, startsStream: true, recordUnfilled: true, context.CancellationToken);
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<Intake.PlannedCoverMoved> context) =>
        holding.DecideAsync(async work =>
        {
            var moved = context.Message;
            var held = await work.ReservationAsync(moved.BookingId, context.CancellationToken) ?? throw new BookingNotReservedYetException(moved.BookingId);

            work.Session.MarkHandled(context, nameof(ReservingStaff), work.Now);
            await holding.ReleaseAsync(work, held, "booking moved",
                $"CERS: the planned cover in {held.Area} on {LondonTime.Show(held.StartsAt)} has moved; you are no longer held for it.", context.CancellationToken);
            var window = BookedWindow.Of(held) with { Version = held.BookingVersion + 1, StartsAt = moved.StartsAt, EndsAt = moved.EndsAt };
            await holding.ReserveAsync(work, window, startsStream: false, recordUnfilled: true, context.CancellationToken);
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<Intake.PlannedCoverCancelled> context) =>
        holding.DecideAsync(async work =>
        {
            var cancelled = context.Message;
            var held = await work.ReservationAsync(cancelled.BookingId, context.CancellationToken) ?? throw new BookingNotReservedYetException(cancelled.BookingId);

            work.Session.MarkHandled(context, nameof(ReservingStaff), work.Now);
            await holding.ReleaseAsync(work, held, "booking cancelled",
                $"CERS: the planned cover in {held.Area} on {LondonTime.Show(held.StartsAt)} is cancelled. Thank you.", context.CancellationToken);
            work.Session.Events.Append(held.Id, new ReservationCancelled(held.Id, held.ActivationId, held.BookingVersion, work.Now));
        }, context.CancellationToken);
}

/// <summary>A booking's move or cancellation consumed before the booking itself (by another instance): tried again shortly.</summary>
public sealed class BookingNotReservedYetException(Guid bookingId)
    : ArrivedBeforeItsCauseException($"Booking {bookingId} has no reservation yet; its PlannedCoverBooked has not been consumed.");
