using JasperFx;
using MassTransit;
using Marten;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>A message a consumer has already acted on, stored in the same transaction as what it did.</summary>
public sealed record HandledMessage(string Id, string Consumer, Guid MessageId, Instant HandledAt);

public static class IdempotentConsumption
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles this message, in the session's transaction and without reading
    /// first: a message delivered again collides with the record on commit, so nothing it did the second time is stored,
    /// and <see cref="AlreadyHandled{T}"/> ends that delivery quietly. A read before every insert was one more round trip
    /// per consumed message to guard against what happens a few times a day.
    /// </summary>
    public static void MarkHandled(this IDocumentSession session, ConsumeContext context, string consumer, Instant now)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Messages on the bus carry the stored event id as MessageId.");
        var id = $"{consumer}/{messageId:N}";
        session.Insert(new HandledMessage(id, consumer, messageId, now));
        AlreadyHandled.MarkedInThisDelivery.Value?.Add(id);
    }

    /// <summary>
    /// Marten's unique index on event ids (<c>EnableUniqueIndexOnEventId</c>): an event whose id is made from the message
    /// that caused it (a timeline entry) is itself the record that the message was handled.
    /// </summary>
    public const string EventIdIndex = "idx_mt_events_event_id";

    public static bool IsHandledBefore(Exception e) =>
        e is DocumentAlreadyExistsException { DocType: var type } && type == typeof(HandledMessage)
        || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: EventIdIndex }
        || (e.InnerException is { } inner && IsHandledBefore(inner))
        || (e is AggregateException all && all.InnerExceptions.Any(IsHandledBefore));
}

/// <summary>What the consumers of the delivery in hand marked handled; read by <see cref="AlreadyHandled{T}"/> when it fails.</summary>
public static class AlreadyHandled
{
    internal static readonly AsyncLocal<List<string>?> MarkedInThisDelivery = new();
}

/// <summary>
/// Inside the retries: a delivery that fails after marking the message handled is looked at once more. If the record it
/// tried to insert is already stored, this is a redelivery of a message handled before: its commit failed on that record
/// (or on whatever of the first delivery's work came earlier in the batch, a stream started twice), nothing of it was
/// stored, and it ends here, acknowledged, instead of being retried against the same records. The read happens only on
/// that failure path.
/// </summary>
public sealed class AlreadyHandled<T>(IDocumentStore store) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var marked = new List<string>();
        AlreadyHandled.MarkedInThisDelivery.Value = marked;
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (marked.Count > 0 && e is not OperationCanceledException)
        {
            if (IdempotentConsumption.IsHandledBefore(e) || await AnyStoredAsync(marked, context.CancellationToken))
            {
                return;
            }

            throw;
        }
        finally
        {
            AlreadyHandled.MarkedInThisDelivery.Value = null;
        }
    }

    private async Task<bool> AnyStoredAsync(List<string> ids, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return (await session.LoadManyAsync<HandledMessage>(cancellationToken, ids.Distinct().ToArray())).Count > 0;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("already-handled");
}
