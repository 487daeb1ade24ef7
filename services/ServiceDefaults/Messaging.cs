using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cers.Dispatch.ServiceDefaults;

public static class Messaging
{
    /// <summary>MassTransit over RabbitMQ, configured from the RabbitMq section (Host, Port, VirtualHost, Username, Password, EndpointPrefix).</summary>
    public static IHostApplicationBuilder AddCersMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? register = null)
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq");
        var host = rabbit["Host"] ?? "127.0.0.1";
        var port = ushort.Parse(rabbit["Port"] ?? "5672", System.Globalization.CultureInfo.InvariantCulture);
        var virtualHost = rabbit["VirtualHost"] ?? "/";
        var username = rabbit["Username"] ?? "guest";
        var password = rabbit["Password"] ?? "guest";
        var prefix = rabbit["EndpointPrefix"];

        builder.Services.AddSingleton<ActivationTurns>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false));
            register?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.Host(host, port, virtualHost, h =>
                {
                    h.Username(username);
                    h.Password(password);
                });
                rabbitMq.ConfigureJsonSerializerOptions(NodaTimeJson.Configure);
                rabbitMq.UseMessageRetry(r => r.Exponential(20, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250)));
                // Inside the retry, so a message waiting out its back-off does not hold the activation's turn.
                rabbitMq.UseConsumeFilter(typeof(InTurnPerActivation<>), context);
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
