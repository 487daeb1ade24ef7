using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Marten;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>The day before planned cover, the held worker is reminded by SMS; a reminder for a released reservation does nothing.</summary>
public sealed class RemindingReservedStaff(IDocumentSession session, WorkQueue queue, IClock clock) : IConsumer<TimerFired>
{
    public const string TimerKind = "reservation-reminder";

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind != TimerKind || !Guid.TryParse(fired.Target, out var bookingId)
            || await session.LoadAsync<Reservation>(bookingId, context.CancellationToken) is not { WorkerId: { } worker, WorkerPhone: { } phone } held
            || Reservation.ReminderTimerId(bookingId, held.BookingVersion) != fired.TimerId)
        {
            return;
        }

        session.MarkHandled(context, nameof(RemindingReservedStaff), clock.GetCurrentInstant());

        var now = clock.GetCurrentInstant();
        queue.Send(session, DeterministicGuid.From($"rostering/reservation/{bookingId:N}/{held.BookingVersion}/reminder"), bookingId, new OutgoingMessage(
            MessageChannel.Sms, phone, $"CERS reminder: you cover in {held.Area} from {LondonTime.Show(held.StartsAt)} ({held.Appointment}). Reply to this number if you cannot.", "reservation", bookingId), now);
        session.Events.Append(bookingId, new ReservationReminderSent(bookingId, held.BookingVersion, worker, now));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
