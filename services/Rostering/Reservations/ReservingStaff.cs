using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Twilio;
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
public sealed class ReservingStaff(IDocumentSession session, TwilioRestClient twilio, IClock clock, IOptions<OfferOptions> options, ILogger<ReservingStaff> logger) :
    IConsumer<Intake.PlannedCoverBooked>,
    IConsumer<Intake.PlannedCoverMoved>,
    IConsumer<Intake.PlannedCoverCancelled>
{
    public async Task Consume(ConsumeContext<Intake.PlannedCoverBooked> context)
    {
        var booking = context.Message;
        if (!await session.TryMarkHandledAsync(context, nameof(ReservingStaff), clock.GetCurrentInstant()))
        {
            return;
        }

        var needs = await session.LoadAsync<CarerNeeds>(booking.CarerId, context.CancellationToken);
        await ReserveAsync(booking.BookingId, booking.ActivationId, booking.CarerId, 1, needs, booking.Area ?? needs?.Area ?? "", booking.Appointment, booking.StartsAt, booking.EndsAt, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Intake.PlannedCoverMoved> context)
    {
        var moved = context.Message;
        if (!await session.TryMarkHandledAsync(context, nameof(ReservingStaff), clock.GetCurrentInstant())
            || await session.LoadAsync<Reservation>(moved.BookingId, context.CancellationToken) is not { } held)
        {
            return;
        }

        var released = Release(held, "booking moved");
        var needs = await session.LoadAsync<CarerNeeds>(held.CarerId, context.CancellationToken);
        await ReserveAsync(moved.BookingId, moved.ActivationId, held.CarerId, held.Version + 1, needs, held.Area, held.Appointment, moved.StartsAt, moved.EndsAt, context.CancellationToken);
        await TellAsync(released, $"CERS: the planned cover in {held.Area} on {LondonTime.Show(held.StartsAt)} has moved; you are no longer held for it.", context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Intake.PlannedCoverCancelled> context)
    {
        var cancelled = context.Message;
        if (!await session.TryMarkHandledAsync(context, nameof(ReservingStaff), clock.GetCurrentInstant())
            || await session.LoadAsync<Reservation>(cancelled.BookingId, context.CancellationToken) is not { } held)
        {
            return;
        }

        var released = Release(held, "booking cancelled");
        await session.SaveChangesAsync(context.CancellationToken);
        await TellAsync(released, $"CERS: the planned cover in {held.Area} on {LondonTime.Show(held.StartsAt)} is cancelled. Thank you.", context.CancellationToken);
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

        await session.SaveChangesAsync(ct);
        if (choice is not null)
        {
            await TellAsync(choice.Phone, $"CERS: you are booked to cover in {area} on {LondonTime.Show(startsAt)} until {LondonTime.Show(endsAt)} ({appointment}). We will remind you the day before.", ct);
        }
        else
        {
            logger.LogWarning("Planned cover {BookingId} could not be reserved: {Why}", bookingId, ((ReservationUnfilled)decision).Why);
        }
    }

    private async Task<StaffMember?> ChooseAsync(Guid bookingId, CarerNeeds needs, Instant startsAt, Instant endsAt, CancellationToken ct)
    {
        var board = await RotaBoard.LoadAsync(session, ct);
        var firstVisitEnds = Instant.Min(endsAt, startsAt + Duration.FromHours(options.Value.FirstVisitHours));
        var held = (await session.Query<Reservation>().Where(r => r.Id != bookingId && r.WorkerId != null).ToListAsync(ct))
            .Where(r => r.StartsAt < endsAt && startsAt < r.EndsAt)
            .ToDictionary(r => r.WorkerId!.Value, r => r.ActivationId);
        var visit = new ActivationNeeds(needs.RequiredSkills, needs.Latitude, needs.Longitude, startsAt, firstVisitEnds);
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

        session.Events.Append(held.Id, new ReservationReleased(held.Id, held.ActivationId, held.Version, worker, why, clock.GetCurrentInstant()));
        return held.WorkerPhone;
    }

    private async Task TellAsync(string? phone, string text, CancellationToken ct)
    {
        if (phone is null)
        {
            return;
        }

        try
        {
            await twilio.SendSmsAsync(phone, text, null, ct);
        }
        catch (TwilioRequestFailedException e)
        {
            // The reservation stands; the day-before reminder tells the worker again.
            logger.LogWarning(e, "Could not text {Phone} about a planned-cover reservation", phone);
        }
    }
}
