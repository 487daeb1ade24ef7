using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>How the service reaches RabbitMQ (the RabbitMq configuration section), for what MassTransit does not do.</summary>
public sealed record RabbitMqSettings(string Host, int Port, string VirtualHost, string Username, string Password, IReadOnlyList<string> Nodes)
{
    public Task<IConnection> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { UserName = Username, Password = Password, VirtualHost = VirtualHost };
        IList<AmqpTcpEndpoint> endpoints = Nodes.Count > 0 ? [.. Nodes.Select(node => AmqpTcpEndpoint.Parse(node))] : [new AmqpTcpEndpoint(Host, Port)];
        return factory.CreateConnectionAsync(endpoints, name, cancellationToken);
    }
}

/// <summary>
/// Bindings an older version made and this one no longer asks for: an endpoint that now hears some messages only in their
/// service's news. MassTransit makes the bindings an endpoint needs but never removes one, and RabbitMQ keeps a binding
/// until it is removed, so the endpoint would go on receiving, and setting aside, every such message. They are removed
/// once the bus has started, at every start (an older instance started meanwhile makes them again), retried while
/// RabbitMQ is away. A message already queued is still taken: the endpoint keeps its consumer.
/// </summary>
public sealed class RetiredBindings(RabbitMqSettings rabbitMq, ILogger<RetiredBindings> logger) : IBusObserver, IDisposable
{
    private readonly Lock gate = new();
    private readonly List<(Uri Endpoint, Type Message)> retired = [];
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Names the messages <paramref name="endpoint"/> (its input address) no longer takes on their own.</summary>
    public void Retire(Uri endpoint, IEnumerable<Type> messageTypes)
    {
        lock (gate)
        {
            retired.AddRange(messageTypes.Select(type => (endpoint, type)));
        }
    }

    /// <summary>Removes every retired binding; one never made, or whose message exchange does not exist, is done already.</summary>
    public async Task RemoveAsync(IBus bus, CancellationToken cancellationToken)
    {
        (Uri Endpoint, Type Message)[] bindings;
        lock (gate)
        {
            bindings = [.. retired];
        }

        if (bindings.Length == 0)
        {
            return;
        }

        await using var connection = await rabbitMq.ConnectAsync("cers retired bindings", cancellationToken);
        foreach (var (endpoint, message) in bindings)
        {
            if (!bus.Topology.TryGetPublishAddress(message, out var published))
            {
                continue;
            }

            // A channel each: RabbitMQ closes the channel that names an exchange it does not have.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.ExchangeUnbindAsync(ExchangeOf(endpoint), ExchangeOf(published), routingKey: "", cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
            {
            }
        }
    }

    /// <summary>An address's exchange: the last segment of its path (a receive endpoint's exchange is named as its queue).</summary>
    private static string ExchangeOf(Uri address) => Uri.UnescapeDataString(address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]);

    public Task PostStart(IBus bus, Task<BusReady> busReady)
    {
        _ = busReady.ContinueWith(_ => RemoveUntilDoneAsync(bus), TaskScheduler.Default).Unwrap();
        return Task.CompletedTask;
    }

    private async Task RemoveUntilDoneAsync(IBus bus)
    {
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await RemoveAsync(bus, stopping.Token);
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Removing the bindings this version no longer makes failed (attempt {Attempt}); trying again shortly", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 * attempt)), stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public Task PreStop(IBus bus)
    {
        stopping.Cancel();
        return Task.CompletedTask;
    }

    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(IBus bus) => Task.CompletedTask;

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public void Dispose() => stopping.Dispose();
}
