using System.Text.Json;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>
/// One piece of owed work as claimed by a runner: what kind, about which stream, what it carries, how often it was tried
/// and why its last attempt failed.
/// </summary>
public sealed record WorkItem(Guid Id, string Kind, Guid? StreamId, string Payload, Instant DueAt, int Attempts, string? LastError = null)
{
    public static readonly JsonSerializerOptions Json = NodaTimeJson.Web;

    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload, Json)
        ?? throw new InvalidOperationException($"Work {Id} ({Kind}) carries no {typeof(T).Name}.");
}

/// <summary>What became of a claimed item: done, or to be tried again at a time (counting as a failed attempt, or not).</summary>
public abstract record WorkOutcome
{
    public static WorkOutcome Done(string outcome) => new Finished(outcome);

    /// <summary>Done, and what the item carried is replaced by <paramref name="keptPayload"/> (a secret it no longer needs).</summary>
    public static WorkOutcome Done(string outcome, object keptPayload) => new Finished(outcome, keptPayload);

    /// <summary>Not done yet and nothing went wrong (a provider asked us to wait): tried again at <paramref name="at"/>.</summary>
    public static WorkOutcome WaitUntil(Instant at, string why) => new Again(at, why, CountsAsAttempt: false);

    /// <summary>Tried and failed: tried again at <paramref name="at"/>, one more attempt on the count.</summary>
    public static WorkOutcome FailedUntil(Instant at, string why) => new Again(at, why, CountsAsAttempt: true);

    /// <summary>
    /// Done by acting outside the database (a provider accepted an SMS), with <paramref name="record"/> storing what
    /// follows from it. Should storing fail (PostgreSQL gone for a moment), it is stored again and the act is never
    /// repeated: a second SMS would be worse than a late record.
    /// </summary>
    public static WorkOutcome Acted(string outcome, Action<WorkContext> record, object? keptPayload = null, FollowUp? followUp = null) =>
        new Finished(outcome, keptPayload, record, followUp);

    public sealed record Finished(string Outcome, object? KeptPayload = null, Action<WorkContext>? Record = null, FollowUp? FollowUp = null) : WorkOutcome
    {
        /// <summary>The item acted outside the database: what follows must be stored, and the act never repeated.</summary>
        public bool ActedOutside => Record is not null || FollowUp is not null;
    }

    public sealed record Again(Instant At, string Why, bool CountsAsAttempt) : WorkOutcome;
}

/// <summary>
/// Work due at once that follows from what an item did (a provider took an offer's SMS: the offer's time to answer runs).
/// When its handler decides on its stream and the stream's turn comes free within moments, it is done in the item's own
/// transaction; otherwise, or should that transaction fail, it is scheduled as an item of its own.
/// </summary>
public sealed record FollowUp(Guid Id, string Kind, Guid? StreamId, object Payload)
{
    public WorkItem ToItem(Instant dueAt) => new(Id, Kind, StreamId, JsonSerializer.Serialize(Payload, Payload.GetType(), WorkItem.Json), dueAt, 0);
}
