using System.Collections.Concurrent;
using MassTransit;
using Published = Cers.Dispatch.Contracts.Escalation;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>
/// A temporary queue bound to escalation's published messages, as another service would hear them. The broker is shared
/// with other test runs, some of which host an escalation service of their own that hears our commands too; with
/// <c>from</c> the probe keeps only what the given buses published.
/// </summary>
public sealed class BusProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<(Guid MessageId, object Message)> received = new();
    private readonly HashSet<Uri>? sources;
    private HostReceiveEndpointHandle? handle;

    private BusProbe(HashSet<Uri>? sources) => this.sources = sources;

    /// <summary>
    /// Connects the probe's queue and waits until it is consuming. An endpoint connected while the bus itself was still
    /// starting was once seen never to become ready (the test run hung): after 30 s it is stopped and connected afresh.
    /// </summary>
    public static async Task<BusProbe> ConnectAsync(IBus bus, params IBus[] from)
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new BusProbe(from.Length == 0 ? null : from.Select(b => b.Address).ToHashSet());
            probe.handle = bus.ConnectReceiveEndpoint($"escalation-probe-{Guid.NewGuid():N}", e =>
            {
                if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.AutoDelete = true;
                    rabbit.Durable = false;
                }

                e.Handler<Published.TimerFired>(probe.Add);
                e.Handler<Published.CoverLimitSet>(probe.Add);
                e.Handler<Published.CoverLimitWarning>(probe.Add);
                e.Handler<Published.CoverLimitReached>(probe.Add);
                e.Handler<Published.CoverLimitEscalated>(probe.Add);
                e.Handler<Published.ActivationUnstaffedTooLong>(probe.Add);
                e.Handler<Contracts.News<Published.IEscalationNews>>(probe.AddEach);
            });
            try
            {
                await probe.handle.Ready.WaitAsync(TimeSpan.FromSeconds(30));
                return probe;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                _ = probe.handle.StopAsync();
            }
        }
    }

    /// <summary>Messages of type T matching the filter, one per MessageId: a republish of the same message counts once.</summary>
    public IReadOnlyList<T> Distinct<T>(Func<T, bool> filter) =>
        received.Where(r => r.Message is T m && filter(m)).DistinctBy(r => r.MessageId).Select(r => (T)r.Message).ToList();

    /// <summary>Every delivery of type T matching the filter, republishes included.</summary>
    public int Deliveries<T>(Func<T, bool> filter) => received.Count(r => r.Message is T m && filter(m));

    public Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> filter, int count, string what) =>
        Cers.Dispatch.Testing.Eventually.GetAsync(
            () => Task.FromResult(Distinct(filter) is { } found && found.Count >= count ? found : null),
            within: TimeSpan.FromSeconds(30),
            what: what);

    public async ValueTask DisposeAsync()
    {
        if (handle is not null)
        {
            await handle.StopAsync();
        }
    }

    private Task Add<T>(ConsumeContext<T> context) where T : class
    {
        if (FromTheBusesWatched(context))
        {
            received.Enqueue((context.MessageId ?? Guid.Empty, context.Message));
        }

        return Task.CompletedTask;
    }

    /// <summary>What the news told, each under its own id: the limit set and reached are told only there.</summary>
    private Task AddEach(ConsumeContext<Contracts.News<Published.IEscalationNews>> context)
    {
        if (FromTheBusesWatched(context))
        {
            foreach (var item in context.Message.Items)
            {
                received.Enqueue((item.MessageId, item.Message));
            }
        }

        return Task.CompletedTask;
    }

    private bool FromTheBusesWatched(ConsumeContext context) =>
        sources is null || (context.SourceAddress is not null && sources.Contains(context.SourceAddress));
}
