using JasperFx.Events;
using MassTransit;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.ServiceDefaults.Relay;

/// <summary>
/// Where and when a relayed message's event was stored in the service that told it: the relay writes it on every
/// message it publishes (<see cref="WriteTo"/>) and on each item of a news. Different streams' messages are published
/// side by side, and a consumer may store them in yet another order; a record kept from several services' messages
/// (crisis intake's timeline) reads them in the order they were taken.
/// </summary>
public readonly record struct WhereStored(long Sequence, Instant At)
{
    /// <summary>The event's place in its service's store.</summary>
    public const string SequenceHeader = "Cers-Source-Sequence";

    /// <summary>When the event was stored in its service, ISO 8601: orders one service's steps among another's.</summary>
    public const string StoredAtHeader = "Cers-Source-Stored-At";

    public static WhereStored Of(IEvent stored) => new(stored.Sequence, Instant.FromDateTimeOffset(stored.Timestamp));

    /// <summary>From the relay's headers; none on a message published by other means (a test, an older version).</summary>
    public static WhereStored? Of(ConsumeContext context) =>
        context.Headers.Get<long>(SequenceHeader, null) is { } sequence
        && context.Headers.Get<string>(StoredAtHeader) is { } at
        && InstantPattern.ExtendedIso.Parse(at) is { Success: true } parsed
            ? new WhereStored(sequence, parsed.Value)
            : null;

    public static WhereStored? Of<TMessage>(Contracts.NewsItem<TMessage> item)
        where TMessage : class =>
        item is { Sequence: { } sequence, StoredAt: { } at } ? new WhereStored(sequence, at) : null;

    public void WriteTo(SendHeaders headers)
    {
        headers.Set(SequenceHeader, Sequence);
        headers.Set(StoredAtHeader, InstantPattern.ExtendedIso.Format(At));
    }
}
