using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>
/// Holds a worker ahead of time for each planned-cover booking: the best-ranked worker on duty for the first visit of
/// the booked window and not held elsewhere then. A moved booking is reserved again; a cancelled one releases its
/// worker. The worker is told by SMS, and reminded the day before (escalation's timer).
/// </summary>
public sealed class ReservingStaff(IDocumentSession session, WorkQueue queue, IClock clock, IOptions<OfferOptions> options, ILogger<ReservingStaff> logger) :
    IConsumer<Intake.PlannedCoverBooked>,
    IConsumer<Intake.PlannedCoverMoved>,
    IConsumer<Intake.PlannedCoverCancelled>
{
    public async Task Consume(ConsumeContext<Intake.PlannedCoverBooked> context)
    {
        var booking = context.Message;
        session.MarkHandled(context, nameof(ReservingStaff), clock.GetCurrentInstant());

        var needs = await session.LoadAsync<CarerNeeds>(booking.CarerId, context.CancellationToken);
        await ReserveAsync(booking.BookingId, booking.ActivationId, booking.CarerId, 1, needs, booking.Area ?? needs?.Area ?? "", booking.Appointment, booking.StartsAt, booking.EndsAt, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Intake.PlannedCoverMoved> context)
    {
        var moved = context.Message;
        if (await session.LoadAsync<Reservation>(moved.BookingId, context.CancellationToken) is not { } held)
        {
            return;
        }

        session.MarkHandled(context, nameof(ReservingStaff), clock.GetCurrentInstant());

        var released = Release(held, "booking moved");
        Tell(held, released, $"CERS: the planned cover in {held.Area} on {LondonTime.Show(held.StartsAt)} has moved; you are no longer held for it.");
        var needs = await session.LoadAsync<CarerNeeds>(held.CarerId, context.CancellationToken);
        await ReserveAsync(moved.BookingId, moved.ActivationId, held.CarerId, held.BookingVersion + 1, needs, held.Area, held.Appointment, moved.StartsAt, moved.EndsAt, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Intake.PlannedCoverCancelled> context)
    {
        var cancelled = context.Message;
        if (await session.LoadAsync<Reservation>(cancelled.BookingId, context.CancellationToken) is not { } held)
        {
            return;
        }

        session.MarkHandled(context, nameof(ReservingStaff), clock.GetCurrentInstant());

        var released = Release(held, "booking cancelled");
        Tell(held, released, $"CERS: the planned cover in {held.Area} on {LondonTime.Show(held.StartsAt)} is cancelled. Thank you.");
        await session.SaveChangesAsync(context.CancellationToken);
    }

    private async Task ReserveAsync(
        Guid bookingId, Guid activationId, Guid carerId, int version, CarerNeeds? needs, string area, string appointment, Instant startsAt, Instant endsAt, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var choice = needs is null ? null : await ChooseAsync(bookingId, needs, startsAt, endsAt, ct);
        object decision = choice is null
            ? new ReservationUnfilled(bookingId, activationId, carerId, version, area, appointment, startsAt, endsAt,
                needs is null ? "the carer's plan is not known to rostering" : "nobody qualified is on duty for the booked time", now)
            : new StaffReserved(bookingId, activationId, carerId, version, choice.Id, choice.Name, choice.Phone, area, appointment, startsAt, endsAt, now);
        if (version == 1)
        {
            session.Events.StartStream<Reservation>(bookingId, decision);
        }
        else
        {
            session.Events.Append(bookingId, decision);
        }

        if (choice is not null)
        {
            var reminder = Reservation.RemindsAt(startsAt, now) is null ? "" : " We will remind you the day before.";
            queue.Send(session, DeterministicGuid.From($"rostering/reservation/{bookingId:N}/{version}/booked"), bookingId, new OutgoingMessage(
                MessageChannel.Sms, choice.Phone, $"CERS: you are booked to cover in {area} on {LondonTime.Show(startsAt)} until {LondonTime.Show(endsAt)} ({appointment}).{reminder}", "reservation", bookingId), now);
        }
        else
        {
            logger.LogWarning("Planned cover {BookingId} could not be reserved: {Why}", bookingId, ((ReservationUnfilled)decision).Why);
        }

        await session.SaveChangesAsync(ct);
    }

    private async Task<StaffMember?> ChooseAsync(Guid bookingId, CarerNeeds needs, Instant startsAt, Instant endsAt, CancellationToken ct)
    {
        var board = await RotaBoard.LoadAsync(session, ct);
        var firstVisitEnds = Instant.Min(endsAt, startsAt + Duration.FromHours(options.Value.FirstVisitHours));
        var held = (await session.Query<Reservation>().Where(r => r.Id != bookingId && r.WorkerId != null).ToListAsync(ct))
            .Where(r => r.StartsAt < endsAt && startsAt < r.EndsAt)
            .ToDictionary(r => r.WorkerId!.Value, r => r.ActivationId);
        var limits = await Matching.TravelLimits.TravelLimitsInForce.LoadAsync(session, options.Value, ct);
        var visit = new ActivationNeeds(needs.RequiredSkills, needs.Latitude, needs.Longitude, startsAt, firstVisitEnds, limits.For(needs.Area));
        var duties = board.DutiesBetween(startsAt, firstVisitEnds);
        var facts = board.Staff.Values.Where(s => s.Role == StaffRoles.CareWorker).Select(w => new CandidateFacts(
            w, duties.IsOnThroughout(w.Id), held.TryGetValue(w.Id, out var other) ? other : null, 0, null));
        var ranked = WorkerRanking.Rank(visit, facts).Ranked;
        return ranked.Count > 0 ? board.Staff[ranked[0].WorkerId] : null;
    }

    private string? Release(Reservation held, string why)
    {
        if (held.WorkerId is not { } worker)
        {
            return null;
        }

        session.Events.Append(held.Id, new ReservationReleased(held.Id, held.ActivationId, held.BookingVersion, worker, why, clock.GetCurrentInstant()));
        return held.WorkerPhone;
    }

    private void Tell(Reservation held, string? phone, string text)
    {
        if (phone is not null)
        {
            var now = clock.GetCurrentInstant();
            queue.Send(session, DeterministicGuid.From($"rostering/reservation/{held.Id:N}/{held.BookingVersion}/released"), held.Id,
                new OutgoingMessage(MessageChannel.Sms, phone, text, "reservation", held.Id), now);
        }
    }
}
