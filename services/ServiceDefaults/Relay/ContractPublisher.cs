using System.Diagnostics;
using JasperFx.Events;
using MassTransit;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Cers.Dispatch.ServiceDefaults.Relay;

/// <summary>
/// Maps a service's stored events to the contract messages other services may hear about. Only the events it names
/// are queued for the relay at all (<see cref="RelayQueue"/>'s trigger), so a transaction that stores only internal
/// events costs the relay nothing.
/// </summary>
public interface IContractMap
{
    /// <summary>The event types other services hear of; every other event stays internal and is never queued.</summary>
    IReadOnlyCollection<Type> RelayedEventTypes { get; }

    /// <summary>
    /// The messages for one stream's events in a page, in order. Each event's first message carries the event's id as its
    /// MessageId, the others ids derived from it. A map may tell two events stored together as one message, told under
    /// the first one's id; the relay forgets both.
    /// </summary>
    IEnumerable<RelayedMessage> MessagesFor(IReadOnlyList<IEvent> stream);

    /// <summary>Whether the service tells news: its read models' copy, sent by the relay (<see cref="LeaderElectedRelay"/>).</summary>
    bool TellsNews => false;

    /// <summary>The news message for a page's messages, in the order they were stored, or null when none of them is news.</summary>
    object? NewsOf(IReadOnlyList<RelayedMessage> messages) => null;

    /// <summary>Whether a message is published on its own, or only in the news (no service acts on it).</summary>
    bool TellsOnItsOwn(object message) => true;
}

/// <summary>
/// A contract map written as one line per event type told (<see cref="Tell{TEvent}"/>), so the types the relay queues
/// and the messages they become cannot drift apart.
/// </summary>
public abstract class EventContracts : IContractMap
{
    private readonly Dictionary<Type, Func<object, IEnumerable<object>>> tellings = [];
    private readonly Dictionary<(Type First, Type Second), Func<object, object, object>> pairs = [];
    private readonly HashSet<Type> toldOnlyInNews = [];
    private Func<IReadOnlyList<RelayedMessage>, object?>? news;
    private Func<object, bool> inNews = _ => false;

    public IReadOnlyCollection<Type> RelayedEventTypes => tellings.Keys;

    public bool TellsNews => news is not null;

    public object? NewsOf(IReadOnlyList<RelayedMessage> messages) => news?.Invoke(messages);

    public bool TellsOnItsOwn(object message) => !(toldOnlyInNews.Contains(message.GetType()) && inNews(message));

    /// <summary>
    /// Tells the read models, in one news a second (<see cref="Contracts.News{TMessage}"/>), every message told that is a
    /// <typeparamref name="TNews"/>, the service's kind of news.
    /// </summary>
    protected void TellNews<TNews>()
        where TNews : class
    {
        inNews = message => message is TNews;
        news = messages => messages
            .Where(relayed => relayed.Message is TNews)
            .Select(relayed => relayed.InNews<TNews>())
            .ToList() is { Count: > 0 } items
                ? new Contracts.News<TNews>(items)
                : null;
    }

    /// <summary>Tells other services of <typeparamref name="TEvent"/> as one message, or, where it gives null, not this time.</summary>
    protected void Tell<TEvent>(Func<TEvent, object?> message) =>
        tellings.Add(typeof(TEvent), data => message((TEvent)data) is { } told ? [told] : []);

    /// <summary>
    /// Tells <typeparamref name="TEvent"/> only in the news, for a message that only read models take in: a publish and
    /// its confirm saved each time. Told on its own as well while the service's news does not carry it (no news, or a
    /// message not of its kind), so it is never told to no one.
    /// </summary>
    protected void TellOnlyInNews<TEvent, TMessage>(Func<TEvent, TMessage> message)
        where TMessage : class
    {
        toldOnlyInNews.Add(typeof(TMessage));
        Tell<TEvent>(e => message(e));
    }

    protected void TellEach<TEvent>(Func<TEvent, IEnumerable<object>> messages) =>
        tellings.Add(typeof(TEvent), data => messages((TEvent)data));

    /// <summary>
    /// Two events a decision stores one after the other (an opening and its card check; a first arrival and the cover it
    /// starts) are told as one message, under the first one's id, when the relay reads them in one page; otherwise each is
    /// told on its own. Each listener then handles one delivery, not two. Both must be told on their own as well (either
    /// may come alone), which is also what queues them for the relay.
    /// </summary>
    protected void TellTogether<TFirst, TSecond>(Func<TFirst, TSecond, object> message)
    {
        if (!tellings.ContainsKey(typeof(TFirst)) || !tellings.ContainsKey(typeof(TSecond)))
        {
            throw new InvalidOperationException($"Tell {typeof(TFirst).Name} and {typeof(TSecond).Name} each on its own before telling them together.");
        }

        pairs.Add((typeof(TFirst), typeof(TSecond)), (first, second) => message((TFirst)first, (TSecond)second));
    }

    /// <summary>
    /// Some events lead to more than one message (a booking is announced and its start timer requested). The first
    /// message carries the event's id as its MessageId, the others ids derived from it, so every one stays idempotent.
    /// </summary>
    public IEnumerable<object> ToContracts(IEvent stored) =>
        tellings.TryGetValue(stored.Data.GetType(), out var tell) ? tell(stored.Data) : [];

    public IEnumerable<RelayedMessage> MessagesFor(IReadOnlyList<IEvent> stream)
    {
        for (var i = 0; i < stream.Count; i++)
        {
            var stored = stream[i];
            if (i + 1 < stream.Count && stream[i + 1] is var next && next.Version == stored.Version + 1
                && pairs.TryGetValue((stored.Data.GetType(), next.Data.GetType()), out var together))
            {
                yield return new RelayedMessage(stored, together(stored.Data, next.Data), stored.Id);
                i++;
                continue;
            }

            foreach (var (message, index) in ToContracts(stored).Select((message, index) => (message, index)))
            {
                yield return RelayedMessage.Of(stored, message, index);
            }
        }
    }
}

/// <summary>A message on its way to the bus, with the stored event it tells of (whose trace it continues) and its id.</summary>
public sealed record RelayedMessage(IEvent Source, object Message, Guid MessageId)
{
    /// <summary>The message as an item of its service's news, under its own id and saying where and when its event was stored.</summary>
    public Contracts.NewsItem<TNews> InNews<TNews>()
        where TNews : class
    {
        var where = WhereStored.Of(Source);
        return new(MessageId, (TNews)Message, where.Sequence, where.At);
    }

    public static RelayedMessage Of(IEvent source, object message, int index) =>
        new(source, message, index == 0 ? source.Id : DeterministicGuid.From($"{source.Id:N}/message/{index}"));
}

/// <summary>
/// Publishes a page of stored events over RabbitMQ as the contract messages <see cref="IContractMap"/> gives, with the
/// stored event's id as the MessageId, continuing each request's trace. Each stream's messages go in order; different
/// streams' go side by side, so a page of many activations waits for about one publisher confirm, not one per message.
/// Returns only when the broker has confirmed every message (retrying while RabbitMQ is away), which is what lets
/// <see cref="LeaderElectedRelay"/> forget the page: at least once, and consumers are idempotent on MessageId.
/// </summary>
public sealed class ContractPublisher
{
    private readonly IBus bus;
    private readonly IContractMap map;
    private readonly ResiliencePipeline untilAccepted;

    public ContractPublisher(IBus bus, IContractMap map, ILogger<ContractPublisher> logger)
    {
        this.bus = bus;
        this.map = map;
        untilAccepted = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "Publishing to the bus failed (attempt {Attempt}); retrying", args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(15))
            .Build();
    }

    /// <summary>Publishes a page (but what is told only in the news) and returns its messages, in the order their events were stored.</summary>
    public async Task<IReadOnlyList<RelayedMessage>> PublishAsync(IReadOnlyList<IEvent> page, CancellationToken cancellationToken)
    {
        var streams = page.GroupBy(stored => stored.StreamId).Select(stream => map.MessagesFor(stream.ToList()).ToList()).ToList();
        await Task.WhenAll(streams.Select(stream => PublishInOrderAsync(stream.Where(relayed => map.TellsOnItsOwn(relayed.Message)), cancellationToken)));
        return [.. streams.SelectMany(stream => stream).OrderBy(relayed => relayed.Source.Sequence)];
    }

    /// <summary>The messages a page's events are told as, in the order they were stored.</summary>
    public IReadOnlyList<RelayedMessage> MessagesFor(IReadOnlyList<IEvent> page) =>
        [.. page.GroupBy(stored => stored.StreamId).SelectMany(stream => map.MessagesFor(stream.ToList())).OrderBy(relayed => relayed.Source.Sequence)];

    /// <summary>
    /// Publishes the news of what was told (<see cref="IContractMap.NewsOf"/>), a message for each five hundred, each under
    /// an id made from its first message's. News told again after a change of leader may hold more or fewer messages:
    /// read models are idempotent on each item's own id.
    /// </summary>
    public async Task PublishNewsAsync(IReadOnlyList<RelayedMessage> told, CancellationToken cancellationToken)
    {
        foreach (var part in told.Chunk(NewsMost))
        {
            if (map.NewsOf(part) is not { } news)
            {
                continue;
            }

            var newsId = DeterministicGuid.From($"{part[0].MessageId:N}/news");
            await untilAccepted.ExecuteAsync(
                async token => await bus.Publish(news, news.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = newsId), token),
                cancellationToken);
        }
    }

    /// <summary>The most messages one news carries: its read models take up to <see cref="GroupCommit.MostInOneCommit"/> in a commit.</summary>
    private const int NewsMost = 500;

    private async Task PublishInOrderAsync(IEnumerable<RelayedMessage> stream, CancellationToken cancellationToken)
    {
        foreach (var relayed in stream)
        {
            var stored = relayed.Source;
            using var activity = Telemetry.Source.StartActivity($"relay {stored.EventTypeName}", ActivityKind.Internal, ParentOf(stored));
            activity?.SetTag("cers.event.id", stored.Id);
            activity?.SetTag("cers.event.sequence", stored.Sequence);
            await untilAccepted.ExecuteAsync(
                async token => await bus.Publish(relayed.Message, relayed.Message.GetType(), Pipe.Execute<PublishContext>(c =>
                {
                    c.MessageId = relayed.MessageId;
                    WhereStored.Of(stored).WriteTo(c.Headers);
                }), token),
                cancellationToken);
        }
    }

    private static ActivityContext ParentOf(IEvent stored) =>
        stored.Headers is { } headers
        && headers.TryGetValue(MartenSetup.TraceParentHeader, out var value)
        && ActivityContext.TryParse(value?.ToString(), null, out var parent)
            ? parent
            : default;
}
