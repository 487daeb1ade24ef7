using Cers.Dispatch.ServiceDefaults.Outgoing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

public static class TwilioApiRegistration
{
    /// <summary>
    /// <see cref="TwilioApi"/> with the "Twilio" options and a deadline per request (ten seconds unless
    /// <see cref="TwilioOptions.RequestTimeoutSeconds"/> says otherwise). It does not retry
    /// or break a circuit: the outgoing queue retries each message with its own pauses and takes the second provider,
    /// so a Twilio outage delays messages instead of burning them (a breaker that opened refused them unsent). Requests
    /// go to <c>Twilio:ApiBaseUrl</c> (Twilio's own address, or a stand-in: Prism, the demo).
    /// </summary>
    public static IHttpClientBuilder AddTwilioApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TwilioOptions>(builder.Configuration.GetSection(TwilioOptions.Section));
        builder.Services.AddTransient<ToTwilioApiBaseUrl>();
        var client = builder.Services.AddHttpClient<TwilioApi>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler<ToTwilioApiBaseUrl>();
        client.AddResilienceHandler("twilio", (pipeline, context) =>
            pipeline.AddTimeout(TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value.RequestTimeoutSeconds)));
        return client;
    }

    /// <summary>Twilio as the first provider of the outgoing queue.</summary>
    public static IHostApplicationBuilder AddTwilioProvider(this IHostApplicationBuilder builder)
    {
        builder.AddTwilioApi();
        builder.Services.AddSingleton<IMessagingProvider, TwilioProvider>();
        return builder;
    }
}
