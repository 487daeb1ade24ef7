using MassTransit;
using Marten;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>A message a consumer has already acted on, stored in the same transaction as what it did.</summary>
public sealed record HandledMessage(string Id, string Consumer, Guid MessageId, Instant HandledAt);

public static class IdempotentConsumption
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles this message in the session's transaction. Returns false when it
    /// was handled before, so a redelivered message changes nothing; two concurrent deliveries collide on the insert and
    /// the loser is retried, then sees the record.
    /// </summary>
    public static async Task<bool> TryMarkHandledAsync(this IDocumentSession session, ConsumeContext context, string consumer, Instant now)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Messages on the bus carry the stored event id as MessageId.");
        var id = $"{consumer}/{messageId:N}";
        if (await session.LoadAsync<HandledMessage>(id, context.CancellationToken) is not null)
        {
            return false;
        }

        session.Insert(new HandledMessage(id, consumer, messageId, now));
        return true;
    }
}
