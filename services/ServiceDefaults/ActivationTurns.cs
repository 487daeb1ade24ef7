using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using MassTransit;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// One message about an activation at a time in this process. A service hears several messages about the same activation
/// within milliseconds (opened, card verified, offer deadline set, the worker's YES); handled side by side they append to
/// the same stream and all but one fail on its version, to be retried after a back-off: seconds lost on the one path that
/// must be fast. Handled in turn, each sees what the one before stored. Optimistic concurrency still guards against
/// other instances.
/// </summary>
public sealed class ActivationTurns
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim[] turns = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The turns this flow holds: a decision taken inside another (the SMS recorded after the offer) goes ahead.</summary>
    private readonly AsyncLocal<ImmutableHashSet<int>?> held = new();

    /// <summary>Queues whose consumer stores messages in delivery order itself (<see cref="GroupCommitConsumerDefinition{T}"/>).</summary>
    private readonly ConcurrentDictionary<string, bool> keepingTheirOwnOrder = new(StringComparer.Ordinal);

    /// <summary>Messages from this queue are not held in their activation's turn.</summary>
    public void NotTakenOn(Uri inputAddress) => keepingTheirOwnOrder[QueueOf(inputAddress)] = true;

    public bool IsTakenOn(Uri? inputAddress) => inputAddress is null || keepingTheirOwnOrder.IsEmpty || !keepingTheirOwnOrder.ContainsKey(QueueOf(inputAddress));

    private static string QueueOf(Uri address) => address.AbsolutePath[(address.AbsolutePath.LastIndexOf('/') + 1)..];

    /// <summary>Runs <paramref name="action"/> once no other flow in this process is acting on the activation.</summary>
    public async Task<T> InTurnAsync<T>(Guid activationId, Func<Task<T>> action, CancellationToken cancellationToken) =>
        (await RunInTurnAsync(activationId, LongestWait, goAheadWithout: true, action, cancellationToken)).Result!;

    /// <summary>
    /// Runs <paramref name="action"/> in the activation's turn if that comes free within <paramref name="wait"/>, and says
    /// whether it ran: for work that has another way to be done (scheduled on its own) and should not wait long.
    /// </summary>
    public async Task<bool> TryInTurnAsync(Guid activationId, TimeSpan wait, Func<Task> action, CancellationToken cancellationToken) =>
        (await RunInTurnAsync(activationId, wait, goAheadWithout: false, async () =>
        {
            await action();
            return true;
        }, cancellationToken)).Ran;

    private async Task<(bool Ran, T? Result)> RunInTurnAsync<T>(Guid activationId, TimeSpan wait, bool goAheadWithout, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var index = (activationId.GetHashCode() & int.MaxValue) % turns.Length;
        var holding = held.Value ?? [];
        if (holding.Contains(index))
        {
            return (true, await action());
        }

        var turn = turns[index];
        // Never a deadlock: a flow acting on two activations at once waits a while, then goes ahead on optimistic concurrency.
        var taken = await turn.WaitAsync(wait, cancellationToken);
        if (!taken && !goAheadWithout)
        {
            return (false, default);
        }

        try
        {
            // Set in this method's own context: it flows into the action and not back out to the caller.
            held.Value = holding.Add(index);
            return (true, await action());
        }
        finally
        {
            if (taken)
            {
                turn.Release();
            }
        }
    }

    public Task InTurnAsync(Guid activationId, Func<Task> action, CancellationToken cancellationToken) =>
        InTurnAsync(activationId, async () =>
        {
            await action();
            return true;
        }, cancellationToken);
}

/// <summary>Takes the activation's turn around the consumer for messages that name an activation (a non-empty Guid <c>ActivationId</c>).</summary>
public sealed class InTurnPerActivation<T>(ActivationTurns turns) : IFilter<ConsumeContext<T>>
    where T : class
{
    private static readonly Func<T, Guid>? ActivationOf = ActivationIdReader();

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (ActivationOf?.Invoke(context.Message) is not { } activationId || activationId == Guid.Empty || !turns.IsTakenOn(context.ReceiveContext.InputAddress))
        {
            await next.Send(context);
            return;
        }

        await turns.InTurnAsync(activationId, () => next.Send(context), context.CancellationToken);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("in-turn-per-activation");

    private static Func<T, Guid>? ActivationIdReader()
    {
        if (typeof(T).GetProperty("ActivationId", BindingFlags.Public | BindingFlags.Instance) is not { PropertyType: var type } property || type != typeof(Guid))
        {
            return null;
        }

        var message = Expression.Parameter(typeof(T), "message");
        return Expression.Lambda<Func<T, Guid>>(Expression.Property(message, property), message).Compile();
    }
}
