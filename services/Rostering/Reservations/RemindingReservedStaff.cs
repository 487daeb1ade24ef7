using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Marten;
using MassTransit;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>The day before planned cover, the held worker is reminded by SMS; a reminder for a released reservation does nothing.</summary>
public sealed class RemindingReservedStaff(IDocumentSession session, TwilioRestClient twilio, IClock clock) : IConsumer<TimerFired>
{
    public const string TimerKind = "reservation-reminder";

    public async Task Consume(ConsumeContext<TimerFired> context)
    {
        var fired = context.Message;
        if (fired.Kind != TimerKind || !Guid.TryParse(fired.Target, out var bookingId)
            || await session.LoadAsync<Reservation>(bookingId, context.CancellationToken) is not { WorkerId: { } worker, WorkerPhone: { } phone } held
            || Reservation.ReminderTimerId(bookingId, held.Version) != fired.TimerId
            || !await session.TryMarkHandledAsync(context, nameof(RemindingReservedStaff), clock.GetCurrentInstant()))
        {
            return;
        }

        await twilio.SendSmsAsync(phone, $"CERS reminder: tomorrow you cover in {held.Area} ({held.Appointment}). Reply to this number if you cannot.", null, context.CancellationToken);
        session.Events.Append(bookingId, new ReservationReminderSent(bookingId, held.Version, worker, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
