using Cers.Dispatch.Rostering.Alarms.Acknowledging;
using Cers.Dispatch.Rostering.Alarms.Listing;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Alarms.Sources;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Cers.Dispatch.ServiceDefaults.Vonage;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Rostering.Alarms;

public static class Configuration
{
    public static void AddAlarms(this StoreOptions options)
    {
        options.Events.MapEventType<AlarmRaised>("alarm_raised");
        options.Events.MapEventType<AlarmStepTaken>("alarm_step_taken");
        options.Events.MapEventType<AlarmMessageAccepted>("alarm_message_accepted");
        options.Events.MapEventType<AlarmMessageNotDelivered>("alarm_message_not_delivered");
        options.Events.MapEventType<AlarmAcknowledged>("alarm_acknowledged");
        options.Events.MapEventType<AlarmStoodDown>("alarm_stood_down");
        options.Projections.Snapshot<Alarm>(SnapshotLifecycle.Inline);
        options.Schema.For<Alarm>().Duplicate(a => a.ActivationId!).Duplicate(a => a.State);
        options.Schema.For<AlarmCode>().Identity(c => c.Id);
    }

    public static WebApplicationBuilder AddAlarmServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PagingOptions>()
            .Bind(builder.Configuration.GetSection(PagingOptions.Section))
            .Validate(o => o.RepeatMinutes is >= 1 and <= 60, "Paging:RepeatMinutes must be between 1 and 60.")
            .Validate(o => o.NobodyOnSiteMinutes is >= 1 and <= 240, "Paging:NobodyOnSiteMinutes must be between 1 and 240.")
            .Validate(o => o.ShortHandedMinutes is >= 1 and <= 240, "Paging:ShortHandedMinutes must be between 1 and 240.")
            .Validate(
                o => o.Fallback.All(f => !string.IsNullOrWhiteSpace(f.Phone) && UkPhoneNumbers.MobileToE164(f.Phone) is not null),
                "Every Paging:Fallback entry needs a UK mobile number that can receive SMS.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AlarmRaiser>();
        builder.Services.AddSingleton<AlarmAcknowledgements>();
        builder.AddWorkHandler<PagingAlarms>();
        return builder;
    }

    public static void AddAlarmConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<RaisingAlarms>();

    public static IEndpointRouteBuilder MapAlarms(this IEndpointRouteBuilder app)
    {
        var alarms = app.MapGroup("/alarms").WithTags("Alarms").RequireRateLimiting(CersRateLimits.PerCaller);
        alarms.MapGet("/", GetAlarmsSlice.Handle).RequireAuthorization(CersPolicies.Coordinating);
        alarms.MapGet("/{id:guid}", GetAlarmsSlice.One).RequireAuthorization(CersPolicies.Coordinating);
        alarms.MapPost("/{id:guid}/acknowledgement", AlarmAcknowledgements.Handle).RequireAuthorization(CersPolicies.Coordinating);

        var voice = app.MapGroup("/twilio/voice/alarms").WithTags("Twilio voice webhooks").RequireTwilioSignature().DisableAntiforgery();
        voice.MapPost("/{alarmId:guid}/keypress", PressingOneOnTheCall.Handle);

        var vonage = app.MapGroup("/vonage/voice/alarms").WithTags("Vonage voice webhooks").RequireVonageSignature().DisableAntiforgery();
        vonage.MapPost("/{alarmId:guid}/keypress", PressingOneOnAVonageCall.Handle);
        return app;
    }
}
