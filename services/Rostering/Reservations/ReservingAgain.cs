using Cers.Dispatch.ServiceDefaults.DurableWork;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>Owed when a held worker was freed: the booking that overlapped their window and found nobody.</summary>
public sealed record ReserveAgain(Guid BookingId);

/// <summary>
/// Tries again to hold a worker for a booking that found nobody, once a worker held for an overlapping booking is freed.
/// A booking since filled, cancelled or begun is left alone; one that still finds nobody stays as it was recorded.
/// </summary>
public sealed class ReservingAgain(HoldingStaff holding) : IWorkHandler
{
    public const string Kind = "reservation-again";

    public IReadOnlyList<string> Kinds { get; } = [Kind];

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var bookingId = item.Read<ReserveAgain>().BookingId;
        var outcome = "";
        await holding.DecideAsync(async work =>
        {
            outcome = await work.ReservationAsync(bookingId, cancellationToken) is not { } waiting || !waiting.StillUnfilledAt(work.Now)
                ? "no longer waiting for a worker"
                : await holding.ReserveAsync(work, BookedWindow.Of(waiting), startsStream: false, recordUnfilled: false, cancellationToken) is { } held
                    ? $"held {held.Name}"
                    : "still nobody free";
        }, cancellationToken);
        return WorkOutcome.Done(outcome);
    }
}
