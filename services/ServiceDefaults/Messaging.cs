using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cers.Dispatch.ServiceDefaults;

public static class Messaging
{
    /// <summary>
    /// A message that overtook the one it follows is tried again within milliseconds, then less and less often, for
    /// about as long as the ordinary back-off (some seven minutes): the one it follows may be held up by an outage too.
    /// </summary>
    private static readonly int[] OvertakenRetryIntervals =
        [10, 20, 40, 80, 160, 320, 640, 1_280, 2_560, 5_000, 10_000, 20_000, .. Enumerable.Repeat(30_000, 13)];

    /// <summary>
    /// MassTransit over RabbitMQ, configured from the RabbitMq section (Host, Port, VirtualHost, Username, Password,
    /// EndpointPrefix; for a cluster, Nodes as "host:port" separated by commas, and QuorumQueues).
    /// </summary>
    public static IHostApplicationBuilder AddCersMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? register = null)
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq");
        var host = rabbit["Host"] ?? "127.0.0.1";
        var port = ushort.Parse(rabbit["Port"] ?? "5672", System.Globalization.CultureInfo.InvariantCulture);
        var virtualHost = rabbit["VirtualHost"] ?? "/";
        var username = rabbit["Username"] ?? "guest";
        var password = rabbit["Password"] ?? "guest";
        var prefix = rabbit["EndpointPrefix"];
        var nodes = (rabbit["Nodes"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var quorumQueues = bool.TryParse(rabbit["QuorumQueues"], out var quorum) && quorum;

        builder.Services.AddSingleton(new RabbitMqSettings(host, port, virtualHost, username, password, nodes));
        builder.Services.AddSingleton<RetiredBindings>();
        builder.Services.AddBusObserver(provider => provider.GetRequiredService<RetiredBindings>());
        builder.Services.AddSingleton<ActivationTurns>();
        builder.Services.AddSingleton<BusHasStarted>();
        builder.Services.AddBusObserver(provider => provider.GetRequiredService<BusHasStarted>());
        builder.Services.AddHealthChecks().AddCheck<BusHasStarted>("bus-started", tags: [Health.ReadyTag]);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false));
            // The bus's own check says whether RabbitMQ is connected now: /health/bus, for operators, not readiness
            // (tags given here replace MassTransit's "ready" and "masstransit").
            bus.ConfigureHealthCheckOptions(options => options.Tags.Add(Health.BusTag));
            register?.Invoke(bus);
            if (quorumQueues)
            {
                // Replicated on a majority of the cluster's nodes, so a queue and what it holds outlive any one node.
                bus.AddConfigureEndpointsCallback((_, configurator) =>
                {
                    if (configurator is IRabbitMqReceiveEndpointConfigurator endpoint)
                    {
                        endpoint.SetQuorumQueue();
                    }
                });
            }

            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.Host(host, port, virtualHost, h =>
                {
                    h.Username(username);
                    h.Password(password);
                    if (nodes.Length > 0)
                    {
                        // Every node, so a connection lost with one node is opened again on the next.
                        h.UseCluster(cluster =>
                        {
                            foreach (var node in nodes)
                            {
                                cluster.Node(node);
                            }
                        });
                    }
                });
                rabbitMq.ConfigureJsonSerializerOptions(NodaTimeJson.Configure);
                // Two retry policies that never both handle one exception: a retry filter whose attempts run out ends the
                // message there, whatever filter is around it.
                rabbitMq.UseMessageRetry(r =>
                {
                    r.Ignore<ArrivedBeforeItsCauseException>();
                    r.Exponential(20, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
                });
                rabbitMq.UseMessageRetry(r =>
                {
                    r.Handle<ArrivedBeforeItsCauseException>();
                    r.Intervals(OvertakenRetryIntervals);
                });
                rabbitMq.UseConsumeFilter(typeof(AlreadyHandled<>), context);
                // Inside the retry, so a message waiting out its back-off does not hold the activation's turn.
                rabbitMq.UseConsumeFilter(typeof(InTurnPerActivation<>), context);
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
