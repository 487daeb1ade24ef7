using System.Collections.Concurrent;
using MassTransit;

namespace Cers.Dispatch.Testing;

/// <summary>
/// Watches a host's bus: which message ids it has finished with (the delivery acknowledged, whatever its consumers did
/// with it), and how often.
/// </summary>
public sealed class ConsumedMessages : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> finished = new();

    public int TimesConsumed(Guid messageId) => finished.GetValueOrDefault(messageId);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        if (context.GetMessageId() is { } id)
        {
            finished.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
