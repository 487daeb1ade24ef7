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
        IsStreamMovedOn(e) || IsStreamStartedTwice(e) || e is DocumentAlreadyExistsException
        || e is Marten.Exceptions.MartenCommandException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } }
        // Several rows lost at once (a plan for two asks three workers, and others claimed two of them meanwhile): Marten
        // reports them together.
        || e is AggregateException { InnerExceptions.Count: > 0 } all && all.InnerExceptions.All(IsConflict);

    /// <summary>The stream had events appended by another decision since this one read it.</summary>
    public static bool IsStreamMovedOn(Exception e) => e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException;

    /// <summary>
    /// Another decision started the same stream first (a retried webhook, another instance). Marten reports it with its own
    /// exception type or JasperFx's depending on the path, so both are named here; catching one of them only was a 500.
    /// </summary>
    public static bool IsStreamStartedTwice(Exception e) => e is Marten.Exceptions.ExistingStreamIdCollisionException or ExistingStreamIdCollisionException;

    /// <summary>
    /// Runs <paramref name="decide"/> in a new session and stores it; when another decision stored first, decides again in
    /// another session on what is stored now, up to <paramref name="attempts"/> times. A message handled before is not
    /// decided again: its delivery ends quietly (<see cref="AlreadyHandled{T}"/>).
    /// </summary>
    public static async Task<T> StoreInNewSessionsAsync<T>(
        IDocumentStore store, int attempts, Func<IDocumentSession, Task<T>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession().CarryTraceContext();
            var result = await decide(session);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (Exception e) when (IsConflict(e) && !IdempotentConsumption.IsHandledBefore(e) && attempt < attempts)
            {
                await ApartAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="decide"/> (which stores) again in the same session when another decision moved the stream on.
    /// Only for decisions that append without <c>FetchForWriting</c>: fetched again in the same session after the failed
    /// commit, the stream's appends were found to store nothing and answer as if stored (a lost update); those decide again
    /// in a new session (<see cref="StoreInNewSessionsAsync{T}"/>).
    /// </summary>
    public static async Task<T> DecideAgainOnConflictAsync<T>(IDocumentSession session, Func<Task<T>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await decide();
            }
            catch (Exception e) when (IsStreamMovedOn(e) && attempt < Attempts)
            {
                session.EjectAllPendingChanges();
                await ApartAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// For a decision that fetches its stream with <c>FetchForWriting</c> and stores itself (an answer read back after its
    /// commit): taken in <paramref name="session"/> first and, when another decision stored first, again in new sessions,
    /// never in the same one (see <see cref="DecideAgainOnConflictAsync{T}"/>).
    /// </summary>
    public static async Task<T> DecideAgainInNewSessionsAsync<T>(IDocumentSession session, Func<IDocumentSession, Task<T>> decideAndStore, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = attempt == 1 ? session : session.DocumentStore.LightweightSession().CarryTraceContext();
            try
            {
                return await decideAndStore(current);
            }
            catch (Exception e) when (IsStreamMovedOn(e) && attempt < Attempts)
            {
                await ApartAsync(attempt, cancellationToken);
            }
            finally
            {
                if (!ReferenceEquals(current, session))
                {
                    await current.DisposeAsync();
                }
            }
        }
    }

    /// <summary>A short random pause, longer each attempt, so decisions that met do not meet again at once.</summary>
    internal static Task ApartAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40) * attempt), cancellationToken);
}
