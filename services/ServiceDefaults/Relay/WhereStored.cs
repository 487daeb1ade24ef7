using MassTransit;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.ServiceDefaults.Relay;

/// <summary>Where and when a relayed message's event was stored in the service that told it.</summary>
public readonly record struct WhereStored(long Sequence, Instant At)
{
    /// <summary>From the relay's headers; none on a message published by other means (a test, an older version).</summary>
    public static WhereStored? Of(ConsumeContext context) =>
        context.Headers.Get<long>(ContractPublisher.SourceSequenceHeader, null) is { } sequence
        && context.Headers.Get<string>(ContractPublisher.SourceStoredAtHeader) is { } at
        && InstantPattern.ExtendedIso.Parse(at) is { Success: true } parsed
            ? new WhereStored(sequence, parsed.Value)
            : null;

    public static WhereStored? Of<TMessage>(Contracts.NewsItem<TMessage> item)
        where TMessage : class =>
        item is { Sequence: { } sequence, StoredAt: { } at } ? new WhereStored(sequence, at) : null;
}
