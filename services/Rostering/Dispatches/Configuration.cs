using Cers.Dispatch.Rostering.Dispatches.Candidates;
using Cers.Dispatch.Rostering.Dispatches.Closing;
using Cers.Dispatch.Rostering.Dispatches.Deadlines;
using Cers.Dispatch.Rostering.Dispatches.GettingDispatch;
using Cers.Dispatch.Rostering.Dispatches.Identifying;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.Requesting;
using Cers.Dispatch.Rostering.Dispatches.Texting;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Cers.Dispatch.ServiceDefaults.Vonage;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Rostering.Dispatches;

public static class Configuration
{
    public static void AddDispatches(this StoreOptions options)
    {
        options.Events.MapEventType<DispatchRequested>("dispatch_requested");
        options.Events.MapEventType<CarerIdentified>("carer_identified");
        options.Events.MapEventType<OfferMade>("offer_made");
        options.Events.MapEventType<OfferDeadlineSet>("offer_deadline_set");
        options.Events.MapEventType<OfferDeadlineCancelled>("offer_deadline_cancelled");
        options.Events.MapEventType<OfferSmsQueued>("offer_sms_queued");
        options.Events.MapEventType<OfferSmsSent>("offer_sms_sent");
        options.Events.MapEventType<OfferSmsStatusRecorded>("offer_sms_status_recorded");
        options.Events.MapEventType<OfferAccepted>("offer_accepted");
        options.Events.MapEventType<OfferDeclined>("offer_declined");
        options.Events.MapEventType<PlacesSet>("places_set");
        options.Events.MapEventType<PlaceReopened>("place_reopened");
        options.Events.MapEventType<OfferExpired>("offer_expired");
        options.Events.MapEventType<DispatchEscalated>("dispatch_escalated");
        options.Events.MapEventType<EscalationStepScheduled>("escalation_step_scheduled");
        options.Events.MapEventType<WorkerArrived>("worker_arrived");
        options.Events.MapEventType<CoverStarted>("cover_started");
        options.Events.MapEventType<WorkerLeft>("worker_left");
        options.Events.MapEventType<NobodyOnSite>("nobody_on_site");
        options.Events.MapEventType<ReplacementSought>("replacement_sought");
        options.Events.MapEventType<WorkerVisitStarted>("worker_visit_started");
        options.Events.MapEventType<WorkerVisitEnded>("worker_visit_ended");
        options.Events.MapEventType<DispatchClosed>("dispatch_closed");
        options.Projections.Snapshot<StaffDispatch>(SnapshotLifecycle.Inline);
        options.KeepForWriting<StaffDispatch>(d => d.Id);
        options.Schema.For<StaffDispatch>().Index(d => d.CarerId!).Duplicate(d => d.WaitingForFreeWorker);
        options.Projections.Snapshot<WorkerTimesheet>(SnapshotLifecycle.Inline);
        options.KeepForWriting<WorkerTimesheet>(t => t.Id);
        options.Schema.For<OfferCode>().Identity(c => c.Id);
        options.Schema.For<ReceivedSms>().Identity(s => s.Id);
        options.Schema.For<CarerNeeds>();
        options.Schema.For<WorkerClaim>().Duplicate(c => c.ActivationId);
        options.Schema.For<CarerIdentificationNeeded>();
        options.Storage.ExtendedSchemaObjects.Add(SmsReceipts.Define(options.DatabaseSchemaName));
    }

    public static WebApplicationBuilder AddDispatchServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OfferOptions>()
            .Bind(builder.Configuration.GetSection(OfferOptions.Section))
            .Validate(o => o.DeadlineMinutes is >= 1 and <= 120, "Offers:DeadlineMinutes must be between 1 and 120.")
            .Validate(o => o.MaxAttemptsBeforeEscalation is >= 1 and <= 20, "Offers:MaxAttemptsBeforeEscalation must be between 1 and 20.")
            .Validate(o => o.FirstVisitHours is >= 1 and <= 72, "Offers:FirstVisitHours must be between 1 and 72.")
            .Validate(o => o.EscalationStepMinutes is >= 1 and <= 120, "Offers:EscalationStepMinutes must be between 1 and 120.")
            .Validate(o => o.SpareOffersWhenSeveralNeeded is >= 0 and <= 5, "Offers:SpareOffersWhenSeveralNeeded must be between 0 and 5.")
            .Validate(o => o.MaxTravelKm is >= 1 and <= Matching.TravelLimits.SettingTravelLimitSlice.MostKm, "Offers:MaxTravelKm must be between 1 and 300.")
            .ValidateOnStart();
        builder.AddTwilioWebhooks();
        builder.AddOutgoingMessages();
        builder.AddWorkHandler<Sending.OfferSmsOutcomes>();
        builder.AddWorkHandler<OnSite.CheckingWhoIsOnSite>();
        builder.AddWorkHandler<Deadlines.DispatchTimers>();
        builder.Services.AddScoped<Deadlines.DispatchTimerDue>();
        builder.Services.AddScoped<DispatchDesk>();
        builder.Services.AddSingleton<SmsReceipts>();
        builder.Services.AddSingleton<Waiting.WorkersMayBeFree>();
        builder.Services.AddHostedService<Waiting.OfferingWhenWorkersAreFree>();
        return builder;
    }

    public static void AddDispatchConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WhenActivationOpened>();
        bus.AddConsumer<WhenActivationCardVerified>();
        bus.AddConsumer<WhenActivationCardNotIdentified>();
        bus.AddConsumer<WhenEmergencyPlanChanged>();
        bus.AddConsumer<WhenTimerFired>();
        bus.AddConsumer<WhenActivationClosed>();
    }

    public static IEndpointRouteBuilder MapDispatches(this IEndpointRouteBuilder app)
    {
        var dispatches = app.MapGroup("/dispatches").WithTags("Dispatches")
            .RequireAuthorization(CersPolicies.Coordinating).RequireRateLimiting(CersRateLimits.PerCaller);
        dispatches.MapGet("/{activationId:guid}", GetDispatchSlice.Handle);
        dispatches.MapGet("/{activationId:guid}/events", GetDispatchSlice.Events);
        dispatches.MapGet("/{activationId:guid}/candidates", GetCandidatesSlice.Handle);
        dispatches.MapPost("/{activationId:guid}/offers", ChooseWorkerSlice.Handle);

        var sms = app.MapGroup("/twilio/sms").WithTags("Twilio SMS webhooks").RequireTwilioSignature().DisableAntiforgery();
        sms.MapPost("/incoming", ReceivingSms.Handle);
        sms.MapPost("/status", RecordingSmsStatus.Handle);

        var vonage = app.MapGroup("/vonage/sms").WithTags("Vonage SMS webhooks").RequireVonageSignature().DisableAntiforgery();
        vonage.MapGet("/inbound", ReceivingVonageSms.Handle);
        vonage.MapPost("/inbound", ReceivingVonageSms.Handle);
        return app;
    }
}
