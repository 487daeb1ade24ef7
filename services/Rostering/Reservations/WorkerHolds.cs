using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>A care worker is held for a planned-cover booking's window.</summary>
public sealed record WorkerHeld(Guid WorkerId, Guid BookingId, Guid ActivationId, Instant StartsAt, Instant EndsAt, Instant At);

/// <summary>The booking moved or was cancelled: its window no longer holds the worker.</summary>
public sealed record WorkerHoldLifted(Guid WorkerId, Guid BookingId, string Why, Instant At);

public sealed record Hold(Guid BookingId, Guid ActivationId, Instant StartsAt, Instant EndsAt);

/// <summary>
/// The planned-cover bookings one care worker is held for, folded from a stream of the worker's own (<see cref="StreamFor"/>).
/// Every reservation appends to it with optimistic concurrency, so two bookings decided at once (in one instance or two)
/// cannot both hold the worker for overlapping windows: the second to commit conflicts and decides again. Windows that
/// have ended are dropped as the stream moves on.
/// </summary>
public sealed record WorkerHolds(Guid Id, Guid WorkerId, IReadOnlyList<Hold> Holds)
{
    public static Guid StreamFor(Guid workerId) => DeterministicGuid.From($"rostering/worker/{workerId:N}/holds");

    public static WorkerHolds Create(WorkerHeld e) => new(StreamFor(e.WorkerId), e.WorkerId, [Held(e)]);

    public WorkerHolds Apply(WorkerHeld e) => this with { Holds = [.. Current(e.At).Where(h => h.BookingId != e.BookingId), Held(e)] };

    public WorkerHolds Apply(WorkerHoldLifted e) => this with { Holds = [.. Current(e.At).Where(h => h.BookingId != e.BookingId)] };

    /// <summary>A hold for another booking whose window meets [<paramref name="startsAt"/>, <paramref name="endsAt"/>).</summary>
    public Hold? Overlapping(Guid bookingId, Instant startsAt, Instant endsAt) =>
        Holds.FirstOrDefault(h => h.BookingId != bookingId && h.StartsAt < endsAt && startsAt < h.EndsAt);

    private IEnumerable<Hold> Current(Instant at) => Holds.Where(h => h.EndsAt > at);

    private static Hold Held(WorkerHeld e) => new(e.BookingId, e.ActivationId, e.StartsAt, e.EndsAt);
}
