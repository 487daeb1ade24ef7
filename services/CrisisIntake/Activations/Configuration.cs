using Cers.Dispatch.CrisisIntake.Activations.Deciding;
using Cers.Dispatch.CrisisIntake.Activations.GettingActivation;
using Cers.Dispatch.CrisisIntake.Activations.Recording;
using Cers.Dispatch.CrisisIntake.Activations.Safeguarding;
using Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;
using Cers.Dispatch.CrisisIntake.Activations.Opening;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.ServiceDefaults.Twilio;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.CrisisIntake.Activations;

public static class Configuration
{
    public static void AddActivations(this StoreOptions options)
    {
        // The timeline's entries are idempotent by their ids (RecordOnTimeline.EntryId).
        options.Events.EnableUniqueIndexOnEventId = true;
        options.Events.MapEventType<ActivationOpened>("activation_opened");
        options.Events.MapEventType<CardVerified>("card_verified");
        options.Events.MapEventType<CardNotIdentified>("card_not_identified");
        options.Events.MapEventType<CardNotInUse>("card_not_in_use");
        options.Events.MapEventType<ReportAttached>("report_attached");
        options.Events.MapEventType<CardRecognised>("card_recognised");
        options.Events.MapEventType<CoordinatorDialled>("coordinator_dialled");
        options.Events.MapEventType<CoordinatorAnswered>("coordinator_answered");
        options.Events.MapEventType<CoordinatorDidNotAnswer>("coordinator_did_not_answer");
        options.Events.MapEventType<CallStatusRecorded>("call_status_recorded");
        options.Events.MapEventType<LongerTermCareArranged>("longer_term_care_arranged");
        options.Events.MapEventType<CoverEndedEarly>("cover_ended_early");
        options.Events.MapEventType<CoverExtended>("cover_extended");
        options.Events.MapEventType<NoteRecorded>("note_recorded");
        options.Events.MapEventType<ActivationClosed>("activation_closed");
        options.Events.MapEventType<ServiceReported>("service_reported");
        options.Events.MapEventType<SafeguardingConcernRaised>("safeguarding_concern_raised");
        options.Events.MapEventType<SafeguardingLeadNotified>("safeguarding_lead_notified");
        options.Events.MapEventType<PersonalDataShredded>("personal_data_shredded");
        options.Events.MapEventType<HandoverPackPrepared>("handover_pack_prepared");
        options.Events.MapEventType<HandoverPackSent>("handover_pack_sent");
        options.Schema.For<ClosedActivation>().UseOptimisticConcurrency(true);
        options.AddPersonalDataKeys();
        options.Events.MapEventType<PlannedCover.PlannedCoverBooked>("planned_cover_booked");
        options.Events.MapEventType<PlannedCover.PlannedCoverMoved>("planned_cover_moved");
        options.Events.MapEventType<PlannedCover.PlannedCoverCancelled>("planned_cover_cancelled");
        options.Events.MapEventType<PlannedCover.PlannedCoverStarted>("planned_cover_started");
        options.Projections.Snapshot<PlannedCover.PlannedCoverBooking>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Activation>(SnapshotLifecycle.Inline);
        options.Schema.For<OpenCardActivation>().Identity(o => o.Id);
        options.Schema.For<Safeguarding.RaisedConcernKey>().Identity(k => k.Id);
        options.Schema.For<PhoneCall>().Identity(c => c.Id);
        options.Schema.For<CardIndex.KnownCard>().Identity(c => c.Id).Index(c => c.CarerId).UseOptimisticConcurrency(true);
        options.Schema.For<CardIndex.KnownCarer>().UseOptimisticConcurrency(true);
    }

    /// <summary>Card lookup and rostering are asked over HTTP with short timeouts: a slow neighbour must not hold up an emergency call.</summary>
    public static WebApplicationBuilder AddActivationCollaborators(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ActivationDesk>();
        builder.Services.AddScoped<CardIndex.RecognisingCards>();
        builder.Services.AddOptions<CardIndex.CardIndexOptions>().Bind(builder.Configuration.GetSection(CardIndex.CardIndexOptions.Section))
            .Validate(o => o.ReconcileMinutes is >= 1 and <= 720, "CardIndex:ReconcileMinutes must be from 1 to 720: the card messages of the last 24 hours are taken again.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CardIndex.ReconcilingCardIndex>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<CardIndex.ReconcilingCardIndex>());
        builder.Services.AddOptions<Phoning.PhoneLineOptions>().Bind(builder.Configuration.GetSection(Phoning.PhoneLineOptions.Section));
        builder.Services.AddSingleton<Phoning.CallJournal>();
        builder.Services.AddSingleton<Phoning.CallsBeingAnswered>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IRelayGate>(provider => provider.GetRequiredService<Phoning.CallsBeingAnswered>()));
        builder.Services.AddHostedService<Phoning.TellingOfBursts>();
        builder.Services.AddSingleton<Phoning.StoringJournalledCalls>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Phoning.StoringJournalledCalls>());
        builder.Services.AddOptions<OnCallOptions>()
            .Bind(builder.Configuration.GetSection(OnCallOptions.Section))
            .Validate(o => o.Fallback.Count > 0 && o.Fallback.All(c => !string.IsNullOrWhiteSpace(c.Phone)),
                "OnCall:Fallback must list at least one contact with a phone number (the duty manager): an emergency call must always reach someone.")
            .Validate(o => o.RefreshSeconds is >= 1 and <= 3600 && o.StaleAfterMinutes * 60 > o.RefreshSeconds,
                "OnCall:RefreshSeconds must be from 1 to 3600 (rostering works the chain out two hours ahead) and less than OnCall:StaleAfterMinutes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<KeptOnCallChain>();
        builder.Services.AddHostedService<KeepingOnCallChainFresh>();
        builder.Services.AddOptions<SafeguardingOptions>()
            .Bind(builder.Configuration.GetSection(SafeguardingOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Lead.Phone), "Safeguarding:Lead:Phone must be set: the safeguarding lead is told of every concern at once.")
            .ValidateOnStart();
        builder.AddPersonalDataProtection();
        builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.ClosedActivationDays >= 1 && o.SweepEveryMinutes >= 1, "Retention:ClosedActivationDays and Retention:SweepEveryMinutes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionSweep>();
        builder.Services.AddSingleton<KnownActivations>();
        builder.Services.AddGroupCommit();
        builder.Services.AddHostedService<ScheduledRetentionSweep>();
        builder.Services.AddHttpClient<CardLookupClient>(http => http.BaseAddress = ServiceUrl(builder, "CardLookup"))
            .AddHttpMessageHandler<ServiceToken>()
            .AddStandardResilienceHandler(LookupDeadlines);
        builder.Services.AddHttpClient<CardLookupMessages>(http => http.BaseAddress = ServiceUrl(builder, "CardLookup"))
            .AddHttpMessageHandler<ServiceToken>()
            .AddStandardResilienceHandler(PatientDeadlines);
        builder.Services.AddHttpClient<OnCallRota>(http => http.BaseAddress = ServiceUrl(builder, "Rostering"))
            .AddHttpMessageHandler<ServiceToken>()
            .AddStandardResilienceHandler(ShortDeadlines);
        return builder;
    }

    public static void AddActivationConsumers(this MassTransit.IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RecordOnTimeline>(typeof(RecordOnTimelineDefinition));
        bus.AddConsumer<PlannedCover.StartingPlannedCover>();
        bus.AddConsumer<ForgettingCarer>();
        bus.AddConsumer<CardIndex.KeepingCardIndex>(typeof(CardIndex.KeepingCardIndexDefinition));
        bus.AddConsumer<Rechecking.RecheckCardWhenLookupWasDown>();
    }

    public static IEndpointRouteBuilder MapActivations(this IEndpointRouteBuilder app)
    {
        var activations = app.MapGroup("/activations").WithTags("Activations")
            .RequireAuthorization(CersPolicies.Coordinating).RequireRateLimiting(CersRateLimits.PerCaller);
        app.MapPost("/activations", OpenActivationSlice.Handle).WithTags("Activations")
            .RequireAuthorization(CersPolicies.PartnerIntake).RequireRateLimiting(CersRateLimits.PerCaller);
        activations.MapGet("/{id:guid}", GetActivationSlice.Handle);
        activations.MapGet("/{id:guid}/timeline", ActivationTimelineSlice.Handle);
        activations.MapPost("/{id:guid}/identification", Identifying.IdentifyCarerSlice.Handle);
        activations.MapPost("/{id:guid}/longer-term-care", CoordinatorDecisions.ArrangeLongerTermCare);
        activations.MapPost("/{id:guid}/end-cover", CoordinatorDecisions.EndCover);
        activations.MapPost("/{id:guid}/extend-cover", CoordinatorDecisions.ExtendCover);
        activations.MapPost("/{id:guid}/notes", CoordinatorDecisions.RecordNote);
        activations.MapPost("/{id:guid}/close", CoordinatorDecisions.Close);
        activations.MapPost("/{id:guid}/safeguarding-concerns", RaiseConcern.Handle);
        activations.MapPost("/{id:guid}/handover-pack/sendings", CoordinatorDecisions.SendHandoverPack);

        app.MapPost("/retention/sweep", RetentionSlice.Sweep).WithTags("Retention").RequireAuthorization(CersPolicies.DataProtection);
        app.MapGet("/data-subjects/carers/{carerId:guid}/activations", DataSubjectExport.Handle).WithTags("Retention")
            .RequireAuthorization(CersPolicies.DataProtection);

        var plannedCover = app.MapGroup("/planned-cover").WithTags("Planned cover")
            .RequireAuthorization(CersPolicies.BookingCover).RequireRateLimiting(CersRateLimits.PerCaller);
        plannedCover.MapPost("/", PlannedCover.BookingPlannedCover.Book);
        plannedCover.MapGet("/", PlannedCover.ListingPlannedCover.List);
        plannedCover.MapGet("/{id:guid}", PlannedCover.BookingPlannedCover.Get);
        plannedCover.MapPost("/{id:guid}/move", PlannedCover.BookingPlannedCover.Move);
        plannedCover.MapPost("/{id:guid}/cancel", PlannedCover.BookingPlannedCover.Cancel);

        var voice = app.MapGroup("/twilio/voice").WithTags("Twilio voice webhooks").RequireTwilioSignature().DisableAntiforgery();
        // A caller on the line waits for these answers (a status callback comes after the call): they are the calls in hand.
        voice.MapPost("/incoming", AnsweringCall.Handle).AddEndpointFilter(Phoning.CallsBeingAnswered.CountAsync);
        voice.MapPost("/card", TakingCardNumber.Handle).AddEndpointFilter(Phoning.CallsBeingAnswered.CountAsync);
        voice.MapPost("/dial-status", PuttingThrough.Handle).AddEndpointFilter(Phoning.CallsBeingAnswered.CountAsync);
        voice.MapPost("/status", RecordingCallStatus.Handle);
        return app;
    }

    private static Uri ServiceUrl(WebApplicationBuilder builder, string service) =>
        new(builder.Configuration[$"Services:{service}"] ?? throw new OptionsValidationException(
            $"Services:{service}", typeof(Uri), [$"Services:{service} (env Services__{service}) must give the {service} service's base URL."]));

    /// <summary>
    /// As <see cref="ShortDeadlines"/>, except that card lookup's 429 (it limits one source's look-ups) is neither retried
    /// nor counted by the circuit breaker: one agency trying card numbers must not break look-ups for every other caller.
    /// </summary>
    private static void LookupDeadlines(Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions options)
    {
        ShortDeadlines(options);
        options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransientButNotThrottled(args.Outcome));
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransientButNotThrottled(args.Outcome));
    }

    private static bool IsTransientButNotThrottled(Polly.Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests
        && Microsoft.Extensions.Http.Resilience.HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>For work in the background (reconciling the card index): a page of card lookup's messages may take a while.</summary>
    private static void PatientDeadlines(Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions options)
    {
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(90);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
    }

    private static void ShortDeadlines(Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions options)
    {
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
        options.Retry.MaxRetryAttempts = 1;
    }
}
