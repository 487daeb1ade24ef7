using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Marten;
using Marten.Services.BatchQuerying;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// Stores what read-model consumers decide in few commits: a message's change waits a moment (<see cref="Linger"/>) for
/// others to arrive, and the changes of all that arrived, or came while a commit was under way, go together in the next
/// one. A read model is a view, so a fifth of a second later costs nobody anything, while a commit per message was
/// over a third of an activation's commits. Each message is marked handled in the commit that stores its change, so a
/// redelivery changes nothing: by a handled record, or by the documents it changed, when the consumer keeps the
/// message's id there or merges every change (then no record is stored).
/// <para>
/// A change reads and decides first (<see cref="Decide"/>), and only what it returns writes: a message that cannot be
/// applied yet (its cause has not arrived) fails alone and leaves the others' writes be. When a shared commit fails
/// (another instance changed the same document, a message handled before), each of its messages is committed on its own,
/// so one failure is never another message's.
/// </para>
/// <para>
/// The documents a change reads, when named as it is applied (<see cref="DocumentRead"/>), are read for the whole commit
/// at once, one statement a type, and handed to each change by <see cref="ReadAsync{T}"/>.
/// </para>
/// <para>
/// A document several changes of one commit store (<see cref="Keep{T}"/>: the steps of one activation arriving together)
/// is handed to each as the one before left it, and written once.
/// </para>
/// </summary>
public sealed class GroupCommit(IDocumentStore store, IClock clock, ILogger<GroupCommit> logger) : BackgroundService
{
    /// <summary>
    /// Reads what the change needs through <paramref name="session"/> and returns the writes to store, or null when the
    /// message changes nothing (it is then not marked handled either: a redelivery reads again).
    /// </summary>
    public delegate Task<Action<IDocumentSession>?> Decide(IQuerySession session, CancellationToken cancellationToken);

    /// <summary>Also how many messages a read model's endpoint takes at once (<see cref="GroupCommitConsumerDefinition{T}"/>).</summary>
    public const int MostInOneCommit = 200;

    /// <summary>How long the first change of a commit waits for others before it is stored.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);

    private readonly Channel<Pending> waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>What a commit's changes read together before they decide, and the documents they keep (<see cref="Keep{T}"/>).</summary>
    private static readonly ConditionalWeakTable<IQuerySession, CommitDocuments> Documents = [];

    /// <summary>
    /// Applies <paramref name="decide"/>'s change for the message in hand, once per <paramref name="consumer"/>, and
    /// returns when it is committed. A consumer whose delivery is cancelled stops waiting; should the change commit all
    /// the same, the message's redelivery meets its handled record (or the documents it changed) and changes nothing.
    /// </summary>
    /// <param name="reads">The documents <paramref name="decide"/> reads with <see cref="ReadAsync{T}"/>, read for the whole commit at once.</param>
    /// <param name="handledInDocuments">
    /// The documents show whether the message was taken in, and the change returns null when it was: they keep its id,
    /// or every change is a merge that the same message leaves as it was. Or what it writes collides when it was (an event
    /// whose id is made from the message's). No handled record is stored for it.
    /// </param>
    public Task ApplyAsync(ConsumeContext context, string consumer, Decide decide, IReadOnlyList<DocumentRead>? reads = null, bool handledInDocuments = false) =>
        ApplyAsync(context, ItemInNews.Alone(context), consumer, decide, reads, handledInDocuments);

    /// <summary>
    /// Applies the change for one item of the news in hand (<paramref name="item"/>: the message's own id and its place in
    /// the news), once per <paramref name="consumer"/>: the items of one news are stored in their order.
    /// </summary>
    public async Task ApplyAsync(ConsumeContext context, ItemInNews item, string consumer, Decide decide, IReadOnlyList<DocumentRead>? reads = null, bool handledInDocuments = false)
    {
        var tag = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.DeliveryTag : ulong.MaxValue;
        var pending = new Pending($"{consumer}/{item.MessageId:N}", consumer, item.MessageId, (tag, item.Place), decide, reads ?? [], handledInDocuments);
        await waiting.Writer.WriteAsync(pending, context.CancellationToken);
        await pending.Committed.Task.WaitAsync(context.CancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        try
        {
            while (await waiting.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                await Task.Delay(Linger, stoppingToken);
                while (batch.Count < MostInOneCommit && waiting.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                // Handled side by side, messages reach this queue in about the order RabbitMQ delivered them; their
                // changes are stored in exactly that order (a stable sort: without a tag, in the order they came).
                var inDeliveryOrder = batch.OrderBy(pending => pending.Delivered).ToList();
                batch.Clear();
                batch.AddRange(inDeliveryOrder);

                try
                {
                    await CommitTogetherAsync(batch, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // PostgreSQL unreachable, say: these messages fail and are retried; the next ones are tried afresh.
                    foreach (var pending in batch)
                    {
                        pending.Committed.TrySetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is still waiting is delivered again to whichever instance runs next.
            foreach (var left in batch)
            {
                left.Committed.TrySetCanceled(stoppingToken);
            }

            while (waiting.Reader.TryRead(out var unstarted))
            {
                unstarted.Committed.TrySetCanceled(stoppingToken);
            }
        }
    }

    /// <summary>
    /// A document a change reads: as an earlier change of this commit kept it (<see cref="Keep{T}"/>), or as the commit read
    /// it with the others, when it was named (<see cref="DocumentRead"/>), otherwise on its own. Either way through the
    /// commit's session, so its write is checked against the version read.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(IQuerySession session, Guid id, CancellationToken cancellationToken)
        where T : class
    {
        var documents = Documents.GetOrCreateValue(session);
        if (documents.Kept.TryGetValue((typeof(T), id), out var kept))
        {
            return (T)kept.Latest;
        }

        return documents.Read.TryGetValue((typeof(T), id), out var document)
            ? (T?)document
            : await session.LoadAsync<T>(id, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="after"/> as this commit leaves the document, <paramref name="before"/> being what the change
    /// read with <see cref="ReadAsync{T}"/>: inserted when nothing was stored, otherwise updated against the version read,
    /// so a change another instance stored meanwhile fails the commit instead of being lost. A later change of the same
    /// commit reads <paramref name="after"/> and keeps its own in its place; the document is written once.
    /// </summary>
    public static void Keep<T>(IDocumentSession writing, Guid id, T? before, T after)
        where T : class
    {
        var kept = Documents.GetOrCreateValue(writing).Kept;
        if (!kept.TryGetValue((typeof(T), id), out var earlier))
        {
            kept[(typeof(T), id)] = new KeptDocument<T>(before is not null, after);
            return;
        }

        // Kept from anything but what the commit holds, an earlier change's would be overwritten unseen.
        if (!ReferenceEquals(before, earlier.Latest))
        {
            throw new InvalidOperationException($"{typeof(T).Name} {id} is kept twice in one commit: read it with GroupCommit.ReadAsync.");
        }

        earlier.Latest = after;
    }

    private static async Task ReadTogetherAsync(IDocumentSession session, IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        var byType = batch.SelectMany(p => p.Reads).GroupBy(r => r.DocumentType).ToList();
        if (byType.Count == 0)
        {
            return;
        }

        var reading = session.CreateBatchQuery();
        var loads = byType.Select(reads => reads.First().Queue(reading, [.. reads])).ToList();
        await reading.Execute(cancellationToken);
        var read = Documents.GetOrCreateValue(session).Read;
        foreach (var load in loads)
        {
            await load(read);
        }
    }

    private async Task CommitTogetherAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await ReadTogetherAsync(session, batch, cancellationToken);
        var decided = new List<Pending>(batch.Count);
        // A change that changes nothing may have read what an earlier one kept: it is done once that is stored.
        var unchanged = new List<Pending>();
        var now = clock.GetCurrentInstant();
        var deciding = new Queue<Pending>(batch);
        var putBack = new HashSet<Pending>(ReferenceEqualityComparer.Instance);
        while (deciding.TryDequeue(out var pending))
        {
            Action<IDocumentSession>? write;
            try
            {
                write = await pending.Decide(session, cancellationToken);
            }
            catch (ArrivedBeforeItsCauseException) when (deciding.Count > 0 && putBack.Add(pending))
            {
                // Its cause may come later in this commit (another service's news delivered a moment before the one that
                // holds it): it decides once more after the rest, instead of failing and being tried again alone.
                deciding.Enqueue(pending);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                pending.Committed.TrySetException(e);
                continue;
            }

            if (write is null)
            {
                unchanged.Add(pending);
                continue;
            }

            try
            {
                // Written before the next change decides: it reads what this one kept.
                write(session);
            }
            catch (Exception e) when (batch.Count > 1 && !cancellationToken.IsCancellationRequested)
            {
                // Part of its writes may be in the session: nothing of it is stored, and each message is committed alone.
                logger.LogDebug(e, "A read-model change failed as it wrote; committing each of {Count} on its own", batch.Count);
                await CommitEachAsync(batch, cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                pending.Committed.TrySetException(e);
                return;
            }

            decided.Add(pending);
        }

        if (decided.Count == 0)
        {
            foreach (var pending in unchanged)
            {
                pending.Committed.TrySetResult();
            }

            return;
        }

        WriteInOneOrder(session, decided, now);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (decided.Count + unchanged.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "A commit of {Count} read-model changes failed; committing each on its own", decided.Count + unchanged.Count);
            await CommitEachAsync(batch, cancellationToken);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await FailAsync(decided[0], e, cancellationToken);
            return;
        }

        foreach (var pending in decided.Concat(unchanged))
        {
            pending.Committed.TrySetResult();
        }
    }

    /// <summary>
    /// Two instances may commit changes to the same rows at once: steps of one activation delivered one to each, or a
    /// message delivered again. Each takes the rows' locks in the order its statements run; taken in opposite orders,
    /// each would wait for the other until PostgreSQL broke the deadlock a second later (its deadlock_timeout) by failing
    /// one. So the handled records, the kept documents and the streams appended to are written in one order, whichever
    /// instance commits: the second waits for the first and then finds what it stored. (A change's own other writes
    /// stay in the order it made them.)
    /// </summary>
    private static void WriteInOneOrder(IDocumentSession session, IReadOnlyList<Pending> decided, Instant now)
    {
        foreach (var pending in decided.Where(p => !p.HandledInDocuments).OrderBy(p => p.HandledId, StringComparer.Ordinal))
        {
            session.Insert(new HandledMessage(pending.HandledId, pending.Consumer, pending.MessageId, now));
        }

        if (Documents.TryGetValue(session, out var documents))
        {
            var inOrder = documents.Kept.OrderBy(k => k.Key.Item1.FullName, StringComparer.Ordinal).ThenBy(k => k.Key.Item2);
            foreach (var (_, kept) in inOrder)
            {
                kept.Write(session);
            }
        }

        // Marten appends to the streams in the order of this list, the session's own.
        var streams = session.PendingChanges.Streams();
        if (streams.Count > 1)
        {
            var inOrder = streams.OrderBy(s => s.Id).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
            streams.Clear();
            foreach (var stream in inOrder)
            {
                streams.Add(stream);
            }
        }
    }

    /// <summary>Each message of a commit that could not be stored whole, not yet done or failed, alone and in order.</summary>
    private async Task CommitEachAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        foreach (var pending in batch.Where(p => !p.Committed.Task.IsCompleted))
        {
            await CommitTogetherAsync([pending], cancellationToken);
        }
    }

    /// <summary>A message whose handled record is already stored was committed by an earlier delivery: done, not failed.</summary>
    private async Task FailAsync(Pending pending, Exception e, CancellationToken cancellationToken)
    {
        if (IdempotentConsumption.IsHandledBefore(e))
        {
            pending.Committed.TrySetResult();
            return;
        }

        // A change whose documents show the message taken in stores no handled record (a redelivery decides nothing):
        // this failure is its own.
        if (!pending.HandledInDocuments)
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<HandledMessage>(pending.HandledId, cancellationToken) is not null)
            {
                pending.Committed.TrySetResult();
                return;
            }
        }

        pending.Committed.TrySetException(e);
    }

    private sealed class CommitDocuments
    {
        /// <summary>By document type and id, null when absent.</summary>
        public Dictionary<(Type, Guid), object?> Read { get; } = [];

        public Dictionary<(Type, Guid), KeptDocument> Kept { get; } = [];
    }

    private abstract class KeptDocument
    {
        public abstract object Latest { get; set; }

        public abstract void Write(IDocumentSession session);
    }

    private sealed class KeptDocument<T>(bool stored, T latest) : KeptDocument
        where T : class
    {
        public override object Latest { get; set; } = latest;

        public override void Write(IDocumentSession session)
        {
            if (stored)
            {
                session.Update((T)Latest);
            }
            else
            {
                session.Insert((T)Latest);
            }
        }
    }

    /// <param name="Delivered">
    /// RabbitMQ's delivery tag, which counts up in the order the broker delivered the messages, and the place in its news.
    /// </param>
    private sealed record Pending(
        string HandledId, string Consumer, Guid MessageId, (ulong Tag, int Place) Delivered, Decide Decide, IReadOnlyList<DocumentRead> Reads, bool HandledInDocuments)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A document a change will read (<see cref="GroupCommit.ReadAsync{T}"/>), named so a commit reads all of them together.</summary>
public abstract record DocumentRead(Type DocumentType, Guid Id)
{
    public static DocumentRead Of<T>(Guid id, Func<T, Guid> idOf)
        where T : class => new Read<T>(id, idOf);

    /// <summary>Queues the reading of every read of this type; the returned step records what was read, absent ones as null.</summary>
    internal abstract Func<Dictionary<(Type, Guid), object?>, Task> Queue(IBatchedQuery reading, IReadOnlyList<DocumentRead> reads);

    private sealed record Read<T>(Guid Id, Func<T, Guid> IdOf) : DocumentRead(typeof(T), Id)
        where T : class
    {
        internal override Func<Dictionary<(Type, Guid), object?>, Task> Queue(IBatchedQuery reading, IReadOnlyList<DocumentRead> reads)
        {
            Guid[] ids = [.. reads.Select(r => r.Id).Distinct()];
            var loading = reading.LoadMany<T>().ById(ids);
            return async read =>
            {
                foreach (var id in ids)
                {
                    read[(typeof(T), id)] = null;
                }

                foreach (var document in await loading)
                {
                    read[(typeof(T), IdOf(document))] = document;
                }
            };
        }
    }
}

/// <summary>A message a read model takes in with others in one news message: its own id and its place among them.</summary>
public readonly record struct ItemInNews(Guid MessageId, int Place)
{
    /// <summary>A message that came on its own: the only item of its delivery.</summary>
    public static ItemInNews Alone(ConsumeContext context) =>
        new(context.MessageId ?? throw new InvalidOperationException("Messages on the bus carry the stored event id as MessageId."), 0);

    /// <summary>Hands every item of <paramref name="news"/> to <paramref name="take"/> at once, so that their changes share a commit.</summary>
    public static Task TakeEachAsync<TMessage>(Contracts.News<TMessage> news, Func<ItemInNews, TMessage, Task> take)
        where TMessage : class =>
        TakeEachItemAsync(news, (item, told) => take(item, told.Message));

    /// <summary>As <see cref="TakeEachAsync{TMessage}"/>, with each item whole: where and when its event was stored, as well as the message.</summary>
    public static Task TakeEachItemAsync<TMessage>(Contracts.News<TMessage> news, Func<ItemInNews, Contracts.NewsItem<TMessage>, Task> take)
        where TMessage : class =>
        Task.WhenAll(news.Items.Select((item, place) => take(new ItemInNews(item.MessageId, place), item)));
}

/// <summary>
/// A read model's endpoint takes as many messages at once as one commit may carry: each waits for its commit, so a
/// smaller limit would cap how many share one (and, with <see cref="GroupCommit.Linger"/>, the messages a second).
/// Its messages are not held in their activation's turn: several steps of one activation share a commit, stored in the
/// order RabbitMQ delivered them, each reading what the one before left (<see cref="GroupCommit.Keep{T}"/>).
/// </summary>
public class GroupCommitConsumerDefinition<T> : ConsumerDefinition<T>
    where T : class, IConsumer
{
    public GroupCommitConsumerDefinition() => ConcurrentMessageLimit = GroupCommit.MostInOneCommit;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<T> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = GroupCommit.MostInOneCommit;
        context.GetRequiredService<ActivationTurns>().NotTakenOn(endpointConfigurator.InputAddress);
    }
}

public static class GroupCommitRegistration
{
    public static IServiceCollection AddGroupCommit(this IServiceCollection services)
    {
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupCommit>());
        return services;
    }
}
