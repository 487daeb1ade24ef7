using System.Collections.Concurrent;
using MassTransit;

namespace Cers.Dispatch.Testing;

/// <summary>Listens on the real bus for one message type through a temporary queue, as another service would.</summary>
public sealed class BusProbe<T> : IAsyncDisposable
    where T : class
{
    private readonly ConcurrentQueue<ConsumeContext<T>> received = new();
    private HostReceiveEndpointHandle? handle;

    public IReadOnlyList<ConsumeContext<T>> Received => received.ToList();

    internal async Task<BusProbe<T>> ConnectAsync(IBus bus)
    {
        var probe = this;
        probe.handle = bus.ConnectReceiveEndpoint(new TemporaryEndpointDefinition(), DefaultEndpointNameFormatter.Instance, endpoint =>
            endpoint.Handler<T>(context =>
            {
                probe.received.Enqueue(context);
                return Task.CompletedTask;
            }));
        await probe.handle.Ready;
        return probe;
    }

    public Task<T> FirstAsync(Func<T, bool> match, string? what = null) =>
        Eventually.GetAsync(() => Task.FromResult(received.Select(c => c.Message).FirstOrDefault(match)), what: what ?? typeof(T).Name);

    public async ValueTask DisposeAsync()
    {
        if (handle is not null)
        {
            await handle.StopAsync();
        }
    }
}

public static class BusProbe
{
    public static Task<BusProbe<T>> ListenAsync<T>(IBus bus)
        where T : class => new BusProbe<T>().ConnectAsync(bus);
}
