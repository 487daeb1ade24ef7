using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>The window one reservation of a booking is for; <paramref name="Version"/> counts the booking's moves.</summary>
public sealed record BookedWindow(
    Guid BookingId, Guid ActivationId, Guid CarerId, int Version, string Area, string Appointment, Instant StartsAt, Instant EndsAt)
{
    public static BookedWindow Of(Reservation r) => new(r.Id, r.ActivationId, r.CarerId, r.BookingVersion, r.Area, r.Appointment, r.StartsAt, r.EndsAt);
}

/// <summary>One reservation decision: the session it stores in, and the workers' holds streams it has read for writing.</summary>
public sealed class ReservationWork(IDocumentSession session, Instant now)
{
    private readonly Dictionary<Guid, IEventStream<WorkerHolds>> holds = [];

    public IDocumentSession Session { get; } = session;

    public Instant Now { get; } = now;

    /// <summary>
    /// The booking's reservation as it stands, read for writing: whatever this decision appends to it is checked on commit,
    /// so a move and a cancellation of one booking decided at once (by two instances) cannot both release its worker.
    /// </summary>
    public async Task<Reservation?> ReservationAsync(Guid bookingId, CancellationToken cancellationToken) =>
        (await Session.Events.FetchForWriting<Reservation>(bookingId, cancellationToken)).Aggregate;

    /// <summary>The worker's holds as they stand, read once per decision: what is appended to them is checked on commit.</summary>
    public async Task<IEventStream<WorkerHolds>> HoldsOfAsync(Guid workerId, CancellationToken cancellationToken)
    {
        if (!holds.TryGetValue(workerId, out var stream))
        {
            stream = await Session.Events.FetchForWriting<WorkerHolds>(WorkerHolds.StreamFor(workerId), cancellationToken);
            holds[workerId] = stream;
        }

        return stream;
    }
}

/// <summary>
/// Decides who is held for planned-cover bookings: the best-ranked care worker on duty for the first visit of the booked
/// window and not held for another booking that overlaps it. A hold is an event on the worker's own holds stream, written
/// with the reservation, so two bookings decided at once (by concurrent consumers or two instances) cannot hold one worker
/// twice: the later commit conflicts and the decision is made again on what is stored. A worker freed by a moved or
/// cancelled booking is offered to the bookings that overlapped it and found nobody (<see cref="ReservingAgain"/>).
/// </summary>
public sealed class HoldingStaff(IDocumentStore store, WorkQueue queue, IClock clock, IOptions<OfferOptions> options, ILogger<HoldingStaff> logger)
{
    private const int Attempts = 5;

    /// <summary>Runs <paramref name="decide"/> in a session of its own and stores it, deciding again if another decision stored first.</summary>
    public Task DecideAsync(Func<ReservationWork, Task> decide, CancellationToken cancellationToken) =>
        StreamConflicts.StoreInNewSessionsAsync(store, Attempts, async session =>
        {
            await decide(new ReservationWork(session, clock.GetCurrentInstant()));
            return true;
        }, cancellationToken);

    /// <summary>
    /// Holds a worker for <paramref name="booking"/> and texts them, or, when <paramref name="recordUnfilled"/>, records why
    /// nobody could be. <paramref name="startsStream"/>: the booking's first reservation (a second start conflicts). A booking
    /// that did not say where is in the area of the carer's plan.
    /// </summary>
    public async Task<StaffMember?> ReserveAsync(ReservationWork work, BookedWindow booking, bool startsStream, bool recordUnfilled, CancellationToken cancellationToken)
    {
        var needs = await work.Session.LoadAsync<CarerNeeds>(booking.CarerId, cancellationToken);
        if (booking.Area.Length == 0 && needs is not null)
        {
            booking = booking with { Area = needs.Area };
        }

        var choice = needs is null ? null : await HoldBestAsync(work, booking, needs, cancellationToken);
        object? decision = choice is not null
            ? new StaffReserved(booking.BookingId, booking.ActivationId, booking.CarerId, booking.Version, choice.Id, choice.Name, choice.Phone,
                booking.Area, booking.Appointment, booking.StartsAt, booking.EndsAt, work.Now)
            : recordUnfilled
                ? new ReservationUnfilled(booking.BookingId, booking.ActivationId, booking.CarerId, booking.Version, booking.Area, booking.Appointment,
                    booking.StartsAt, booking.EndsAt, needs is null ? "the carer's plan is not known to rostering" : "nobody qualified is on duty for the booked time", work.Now)
                : null;
        if (decision is null)
        {
            return null;
        }

        if (startsStream)
        {
            work.Session.Events.StartStream<Reservation>(booking.BookingId, decision);
        }
        else
        {
            work.Session.Events.Append(booking.BookingId, decision);
        }

        if (choice is not null)
        {
            var reminder = Reservation.RemindsAt(booking.StartsAt, work.Now) is null ? "" : " We will remind you the day before.";
            queue.Send(work.Session, DeterministicGuid.From($"rostering/reservation/{booking.BookingId:N}/{booking.Version}/booked"), booking.BookingId, new OutgoingMessage(
                MessageChannel.Sms, choice.Phone,
                $"CERS: you are booked to cover in {booking.Area} on {LondonTime.Show(booking.StartsAt)} until {LondonTime.Show(booking.EndsAt)} ({booking.Appointment}).{reminder}",
                "reservation", booking.BookingId), work.Now);
        }
        else
        {
            logger.LogWarning("Planned cover {BookingId} could not be reserved: {Why}", booking.BookingId, ((ReservationUnfilled)decision).Why);
        }

        return choice;
    }

    /// <summary>
    /// Lets the held worker go (the booking moved or was cancelled) and tells them <paramref name="text"/>; bookings that
    /// overlapped the freed window and found nobody are tried again.
    /// </summary>
    public async Task ReleaseAsync(ReservationWork work, Reservation held, string why, string text, CancellationToken cancellationToken)
    {
        if (held.WorkerId is not { } worker)
        {
            return;
        }

        work.Session.Events.Append(held.Id, new ReservationReleased(held.Id, held.ActivationId, held.BookingVersion, worker, why, work.Now));
        var holds = await work.HoldsOfAsync(worker, cancellationToken);
        if (holds.Aggregate is not null)
        {
            holds.AppendOne(new WorkerHoldLifted(worker, held.Id, why, work.Now));
        }

        if (held.WorkerPhone is { } phone)
        {
            queue.Send(work.Session, DeterministicGuid.From($"rostering/reservation/{held.Id:N}/{held.BookingVersion}/released"), held.Id,
                new OutgoingMessage(MessageChannel.Sms, phone, text, "reservation", held.Id), work.Now);
        }

        foreach (var waiting in await UnfilledOverlappingAsync(work, held, cancellationToken))
        {
            queue.Schedule(work.Session, DeterministicGuid.From($"rostering/reservation/{waiting.Id:N}/{waiting.BookingVersion}/again/{held.Id:N}/{held.BookingVersion}"),
                ReservingAgain.Kind, waiting.Id, new ReserveAgain(waiting.Id), work.Now, work.Now);
        }
    }

    private async Task<StaffMember?> HoldBestAsync(ReservationWork work, BookedWindow booking, CarerNeeds needs, CancellationToken cancellationToken)
    {
        var board = await RotaBoard.LoadAsync(work.Session, cancellationToken);
        var firstVisitEnds = Instant.Min(booking.EndsAt, booking.StartsAt + Duration.FromHours(options.Value.FirstVisitHours));
        var heldElsewhere = (await work.Session.Query<WorkerHolds>().ToListAsync(cancellationToken))
            .Select(h => (h.WorkerId, Hold: h.Overlapping(booking.BookingId, booking.StartsAt, booking.EndsAt)))
            .Where(h => h.Hold is not null)
            .ToDictionary(h => h.WorkerId, h => h.Hold!.ActivationId);
        var limits = await Matching.TravelLimits.TravelLimitsInForce.LoadAsync(work.Session, options.Value, cancellationToken);
        var visit = new ActivationNeeds(needs.RequiredSkills, needs.Latitude, needs.Longitude, booking.StartsAt, firstVisitEnds, limits.For(needs.Area));
        var duties = board.DutiesBetween(booking.StartsAt, firstVisitEnds);
        var facts = board.Staff.Values.Where(s => s.Role == StaffRoles.CareWorker).Select(w => new CandidateFacts(
            w, duties.IsOnThroughout(w.Id), heldElsewhere.TryGetValue(w.Id, out var other) ? other : null, 0, null));
        foreach (var candidate in WorkerRanking.Rank(visit, facts).Ranked)
        {
            var holds = await work.HoldsOfAsync(candidate.WorkerId, cancellationToken);
            if (holds.Aggregate?.Overlapping(booking.BookingId, booking.StartsAt, booking.EndsAt) is not null)
            {
                // Held by a decision stored since the holds were read.
                continue;
            }

            holds.AppendOne(new WorkerHeld(candidate.WorkerId, booking.BookingId, booking.ActivationId, booking.StartsAt, booking.EndsAt, work.Now));
            return board.Staff[candidate.WorkerId];
        }

        return null;
    }

    private static async Task<IReadOnlyList<Reservation>> UnfilledOverlappingAsync(ReservationWork work, Reservation freed, CancellationToken cancellationToken)
    {
        // The times are stored as ISO text in the snapshot's JSON: PostgreSQL compares them as instants, not as text.
        var (endsAt, startsAt) = (InstantPattern.ExtendedIso.Format(freed.EndsAt), InstantPattern.ExtendedIso.Format(freed.StartsAt));
        var overlapping = await work.Session.Query<Reservation>()
            .Where(r => r.Unfilled != null && r.Id != freed.Id)
            .Where(r => r.MatchesSql(
                "(d.data ->> 'startsAt')::timestamptz < ?::timestamptz and (d.data ->> 'endsAt')::timestamptz > ?::timestamptz", endsAt, startsAt))
            .OrderBy(r => r.StartsAt).Take(50).ToListAsync(cancellationToken);
        return overlapping.Where(r => r.StillUnfilledAt(work.Now)).ToList();
    }
}
