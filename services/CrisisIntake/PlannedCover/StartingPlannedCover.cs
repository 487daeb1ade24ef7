using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.CrisisIntake.PlannedCover;

/// <summary>
/// When escalation's start timer for a booking fires, the booking becomes an activation on the planned-cover channel,
/// with the card already verified. A timer for an earlier version of a moved booking, or a cancelled one, does nothing.
/// </summary>
public sealed class StartingPlannedCover(IDocumentSession session, ActivationDesk desk, IClock clock) : IConsumer<TimerFired>
{
    public const string TimerKind = "planned-cover-start";

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind != TimerKind || !Guid.TryParse(fired.Target, out var bookingId)
            || await session.LoadAsync<PlannedCoverBooking>(bookingId, context.CancellationToken) is not { Status: BookingStatus.Booked } booking
            || PlannedCoverBooking.StartTimerId(bookingId, booking.BookingVersion) != fired.TimerId)
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var report = new Report(
            Channel.PlannedCover, new Reporter("Planned cover", booking.BookedBy.Name, null), CannotCareReason.Other,
            $"{booking.Appointment.Kind} appointment: {booking.Appointment.Place}", $"Planned cover until {LondonTime.Show(booking.EndsAt)}");
        var card = new CardCheck.Identified(booking.CardNumber, booking.CarerId, "Active", true, booking.Nation, booking.Area);
        await desk.OpenOrAttachAsync(
            booking.ActivationId, report, card, [booking.CardNumber], now,
            (s, activationId) => s.Events.Append(bookingId, new PlannedCoverStarted(bookingId, activationId, now)),
            context.CancellationToken);
    }
}
