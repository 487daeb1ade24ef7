using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Cers.Dispatch.ServiceDefaults.Vonage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cers.Dispatch.ServiceDefaults.Outgoing;

public static class OutgoingRegistration
{
    /// <summary>
    /// The outgoing queue of SMS and calls, sent by the durable-work runners: Twilio first, then Vonage when the "Vonage"
    /// section configures it.
    /// </summary>
    public static IHostApplicationBuilder AddOutgoingMessages(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection(MessagingOptions.Section));
        builder.AddTwilioProvider();
        builder.AddVonageProvider();
        builder.Services.AddSingleton<MessagingProviders>();
        builder.AddWorkHandler<SendingMessages>();
        builder.AddWorkHandler<RecordingProviderStatus>();
        return builder;
    }
}
