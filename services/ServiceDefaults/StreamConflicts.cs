using JasperFx;
using JasperFx.Events;
using Marten;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// A request that appends to a stream other writers append to as well (consumers, timers, other requests) may find its
/// place in the stream taken when it commits. It then decides again on what is stored now, which may be its own earlier
/// attempt, instead of answering 500.
/// </summary>
public static class StreamConflicts
{
    private const int Attempts = 10;

    /// <summary>
    /// Another decision stored first: the stream moved on, a stream started twice, or a row only one decision may insert
    /// (a claim on a worker) already there. Decided again on what is stored now, it usually succeeds.
    /// </summary>
    public static bool IsConflict(Exception e) =>
        e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or DocumentAlreadyExistsException
            or Marten.Exceptions.ExistingStreamIdCollisionException or ExistingStreamIdCollisionException
        || e is Marten.Exceptions.MartenCommandException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } }
        // Several rows lost at once (a plan for two asks three workers, and others claimed two of them meanwhile): Marten
        // reports them together.
        || e is AggregateException { InnerExceptions.Count: > 0 } all && all.InnerExceptions.All(IsConflict);

    public static async Task<T> DecideAgainOnConflictAsync<T>(IDocumentSession session, Func<Task<T>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await decide();
            }
            catch (Exception e) when (e is EventStreamUnexpectedMaxEventIdException or ConcurrencyException && attempt < Attempts)
            {
                session.EjectAllPendingChanges();
                // Apart, so decisions that met do not meet again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40) * attempt), cancellationToken);
            }
        }
    }
}
