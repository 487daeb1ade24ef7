using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Issuing;
using Cers.Dispatch.CardLookup.Cards.Listing;
using Cers.Dispatch.CardLookup.Cards.Printing;
using Cers.Dispatch.CardLookup.Cards.Replacing;
using Cers.Dispatch.CardLookup.Cards.ReportingLoss;
using Cers.Dispatch.CardLookup.Cards.Suspending;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Assessing;
using Cers.Dispatch.CardLookup.Carers.CaringFor;
using Cers.Dispatch.CardLookup.Carers.ConfirmingContacts;
using Cers.Dispatch.CardLookup.Carers.Consenting;
using Cers.Dispatch.CardLookup.Carers.DoorDetails;
using Cers.Dispatch.CardLookup.Carers.Erasing;
using Cers.Dispatch.CardLookup.Carers.Exporting;
using Cers.Dispatch.CardLookup.Carers.GettingPlan;
using Cers.Dispatch.CardLookup.Carers.Planning;
using Cers.Dispatch.CardLookup.Carers.Registering;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.CardLookup.Lookup.ByCard;
using Cers.Dispatch.CardLookup.Lookup.ByCarer;
using Cers.Dispatch.CardLookup.Lookup.Guessing;
using Cers.Dispatch.CardLookup.Retention;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;

namespace Cers.Dispatch.CardLookup;

public static class Configuration
{
    public static void AddCardLookup(this StoreOptions options)
    {
        options.Events.MapEventType<CarerRegistered>("carer_registered");
        options.Events.MapEventType<CaredForPersonRegistered>("cared_for_person_registered");
        options.Events.MapEventType<AssessmentBooked>("assessment_booked");
        options.Events.MapEventType<AssessmentCompleted>("assessment_completed");
        options.Events.MapEventType<EmergencyPlanRecorded>("emergency_plan_recorded");
        options.Events.MapEventType<EmergencyContactsConfirmed>("emergency_contacts_confirmed");
        options.Events.MapEventType<PlanConsentConfirmed>("plan_consent_confirmed");
        options.Events.MapEventType<CarerErased>("carer_erased");
        options.Events.MapEventType<CarerDataExported>("carer_data_exported");
        options.Events.MapEventType<CardIssued>("card_issued");
        options.Events.MapEventType<CardReportedLost>("card_reported_lost");
        options.Events.MapEventType<CardSuspended>("card_suspended");
        options.Events.MapEventType<CardReinstated>("card_reinstated");
        options.Events.MapEventType<CardReplaced>("card_replaced");
        options.Events.MapEventType<CardWithdrawn>("card_withdrawn");
        options.Events.MapEventType<CardGuessingSuspected>("card_guessing_suspected");
        options.Events.MapEventType<RetentionSweepScheduled>("retention_sweep_scheduled");
        options.Events.MapEventType<RetentionSweepCompleted>("retention_sweep_completed");

        options.Projections.Snapshot<Carer>(SnapshotLifecycle.Inline);
        options.Projections.LiveStreamAggregation<Card>();
        options.Projections.Add<CardIndexProjection>(ProjectionLifecycle.Inline);
        options.Projections.Snapshot<CardGuessingAlert>(SnapshotLifecycle.Inline);

        options.AddPersonalDataKeys();
        options.Schema.For<Carer>().Index(c => c.LastActivityUnixTicks);
        options.Schema.For<CarerSearchEntry>().Index(e => e.Key);
        options.Schema.For<HubReferenceEntry>().Index(e => e.CarerId);
        options.Schema.For<CardIndex>().Index(c => c.Card.CarerId);
        options.Schema.For<LookupRecord>().Index(r => r.AtUnixTicks).Index(r => r.CarerId);
        options.Schema.For<CoverAccess>().UseOptimisticConcurrency(true).Index(a => a.CarerId);
        options.Schema.For<DoorDetailView>().Index(v => v.CarerId);
        options.Schema.For<CardGuessingAlert>().Index(a => a.RaisedAtUnixTicks);
        options.Schema.For<RetentionState>().UseOptimisticConcurrency(true);
    }

    public static IHostApplicationBuilder AddCardLookupServices(this IHostApplicationBuilder builder)
    {
        builder.AddPersonalDataProtection();
        builder.Services.AddGroupCommit();
        builder.Services.AddSingleton<LookupAuditWriter>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<LookupAuditWriter>());
        builder.Services.AddOptions<LookupProtectionOptions>()
            .Bind(builder.Configuration.GetSection(LookupProtectionOptions.Section))
            .Validate(o => o.PerMinutePerSource >= 1, "CardLookup:Lookups:PerMinutePerSource must be at least 1.")
            .Validate(o => o.GuessingThreshold is >= 2 and <= 1000, "CardLookup:Lookups:GuessingThreshold must be between 2 and 1000.")
            .Validate(o => o.GuessingWindowMinutes is >= 1 and <= 1440, "CardLookup:Lookups:GuessingWindowMinutes must be between 1 and 1440.")
            .ValidateOnStart();
        builder.Services.AddLookupRateLimit(builder.Configuration);
        builder.Services.AddSingleton<CardGuessingWatch>();
        builder.Services.AddSingleton<CardGuessingAlarm>();
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.AfterLastActivityDays >= 1, "CardLookup:Retention:AfterLastActivityDays must be at least 1.")
            .Validate(o => o.UnmatchedLookupDays >= 1, "CardLookup:Retention:UnmatchedLookupDays must be at least 1.")
            .Validate(o => NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(o.SweepAt).Success, "CardLookup:Retention:SweepAt must be a time such as 03:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionSweep>();
        builder.Services.AddHostedService<KeepingSweepsScheduled>();
        return builder;
    }

    /// <summary>Card lookup listens to the activations (who may see door details) and to its own retention timer.</summary>
    public static void AddCardLookupConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<KeepingCoverAccess>();
        bus.AddSingleton<Lookup.Audit.RecordingRecognisedCards>();
        bus.AddConsumer<TakingInNews>(typeof(GroupCommitConsumerDefinition<TakingInNews>));
        bus.AddConsumer<SweepingOnSchedule>();
    }

    public static IEndpointRouteBuilder MapCardLookup(this IEndpointRouteBuilder app)
    {
        var carers = app.MapGroup("/carers").WithTags("Carers").AddEndpointFilter(ConcurrentChanges.AnswerConflict);
        carers.MapPost("/", RegisterCarerSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapGet("/{carerId:guid}", GetCarerSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        carers.MapPost("/{carerId:guid}/cared-for", RegisterCaredForPersonSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapPost("/{carerId:guid}/assessments", BookAssessmentSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapPost("/{carerId:guid}/assessments/{assessmentId:guid}/completion", CompleteAssessmentSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapPut("/{carerId:guid}/plan", RecordEmergencyPlanSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapGet("/{carerId:guid}/plan", GetPlanSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        carers.MapGet("/{carerId:guid}/plan/versions", ListPlanVersionsSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        carers.MapPost("/{carerId:guid}/emergency-contacts/confirmations", ConfirmEmergencyContactsSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapPost("/{carerId:guid}/consent", ConfirmPlanConsentSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapPost("/{carerId:guid}/cards", IssueCardSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        carers.MapGet("/{carerId:guid}/cards", ListCarerCardsSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        carers.MapGet("/{carerId:guid}/door-details", GetDoorDetailsSlice.Handle).RequireAuthorization(DoorDetailsAccess.Policy);
        carers.MapGet("/{carerId:guid}/door-detail-views", ListDoorDetailViewsSlice.Handle).RequireAuthorization(CersPolicies.Auditing);
        carers.MapPost("/{carerId:guid}/erasure", EraseCarerSlice.Handle).RequireAuthorization(CersPolicies.DataProtection);
        carers.MapGet("/{carerId:guid}/data-export", ExportCarerDataSlice.Handle).RequireAuthorization(CersPolicies.DataProtection);

        var cards = app.MapGroup("/cards").WithTags("Cards").AddEndpointFilter(ConcurrentChanges.AnswerConflict);
        cards.MapGet("/messages", Cards.Telling.CardMessagesSinceSlice.Handle).RequireAuthorization(CersPolicies.ServiceToService);
        cards.MapGet("/{cardNumber}", GetCardSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        cards.MapGet("/{cardNumber}/print", PrintCardSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        cards.MapPost("/{cardNumber}/loss", ReportCardLostSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        cards.MapPost("/{cardNumber}/replacement", ReplaceCardSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        cards.MapPost("/{cardNumber}/suspension", SuspendCardSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        cards.MapPost("/{cardNumber}/reinstatement", ReinstateCardSlice.Handle).RequireAuthorization(CersPolicies.Administering);

        // A card is looked up by those handling an emergency; the register is searched by anyone who reads it (the
        // administrators keeping it find a carer there too). Both are rate limited per source and audited alike.
        var lookup = app.MapGroup("/lookup").WithTags("Lookup").RequireRateLimiting(LookupSource.RateLimitPolicy);
        lookup.MapGet("/card/{cardNumber}", LookUpCardSlice.Handle).RequireAuthorization(CersPolicies.Coordinating);
        lookup.MapGet("/carer", SearchCarersSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapGet("/lookups", ListLookupsSlice.Handle).WithTags("Lookup").RequireAuthorization(CersPolicies.Auditing);
        app.MapGet("/alerts/card-guessing", ListCardGuessingAlertsSlice.Handle).WithTags("Lookup").RequireAuthorization(CersPolicies.Auditing);

        var retention = app.MapGroup("/retention").WithTags("Retention");
        retention.MapPost("/sweeps", RunSweepSlice.Handle).RequireAuthorization(CersPolicies.DataProtection);
        retention.MapGet("/sweeps", ListSweepsSlice.Handle).RequireAuthorization(CersPolicies.Auditing);
        return app;
    }
}
