using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Issuing;
using Cers.Dispatch.CardLookup.Cards.Printing;
using Cers.Dispatch.CardLookup.Cards.Replacing;
using Cers.Dispatch.CardLookup.Cards.ReportingLoss;
using Cers.Dispatch.CardLookup.Cards.Suspending;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Assessing;
using Cers.Dispatch.CardLookup.Carers.CaringFor;
using Cers.Dispatch.CardLookup.Carers.GettingPlan;
using Cers.Dispatch.CardLookup.Carers.Planning;
using Cers.Dispatch.CardLookup.Carers.Registering;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.CardLookup.Lookup.ByCard;
using Cers.Dispatch.CardLookup.Lookup.ByCarer;
using JasperFx.Events.Projections;
using Marten;

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
        options.Events.MapEventType<CardIssued>("card_issued");
        options.Events.MapEventType<CardReportedLost>("card_reported_lost");
        options.Events.MapEventType<CardSuspended>("card_suspended");
        options.Events.MapEventType<CardReinstated>("card_reinstated");
        options.Events.MapEventType<CardReplaced>("card_replaced");

        options.Projections.Snapshot<Carer>(SnapshotLifecycle.Inline);
        options.Projections.LiveStreamAggregation<Card>();
        options.Projections.Add<CardIndexProjection>(ProjectionLifecycle.Inline);

        options.Schema.For<Carer>().Index(c => c.SearchKey).Index(c => c.HubReference);
        options.Schema.For<CardIndex>().Index(c => c.Card.CarerId);
        options.Schema.For<LookupRecord>().Index(r => r.AtUnixTicks);
    }

    public static IServiceCollection AddLookupAudit(this IServiceCollection services)
    {
        services.AddSingleton<LookupAuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<LookupAuditWriter>());
        return services;
    }

    public static IEndpointRouteBuilder MapCardLookup(this IEndpointRouteBuilder app)
    {
        var carers = app.MapGroup("/carers").WithTags("Carers").AddEndpointFilter(ConcurrentChanges.AnswerConflict);
        carers.MapPost("/", RegisterCarerSlice.Handle);
        carers.MapGet("/{carerId:guid}", GetCarerSlice.Handle);
        carers.MapPost("/{carerId:guid}/cared-for", RegisterCaredForPersonSlice.Handle);
        carers.MapPost("/{carerId:guid}/assessments", BookAssessmentSlice.Handle);
        carers.MapPost("/{carerId:guid}/assessments/{assessmentId:guid}/completion", CompleteAssessmentSlice.Handle);
        carers.MapPut("/{carerId:guid}/plan", RecordEmergencyPlanSlice.Handle);
        carers.MapGet("/{carerId:guid}/plan", GetPlanSlice.Handle);
        carers.MapGet("/{carerId:guid}/plan/versions", ListPlanVersionsSlice.Handle);
        carers.MapPost("/{carerId:guid}/cards", IssueCardSlice.Handle);

        var cards = app.MapGroup("/cards").WithTags("Cards").AddEndpointFilter(ConcurrentChanges.AnswerConflict);
        cards.MapGet("/{cardNumber}", GetCardSlice.Handle);
        cards.MapGet("/{cardNumber}/print", PrintCardSlice.Handle);
        cards.MapPost("/{cardNumber}/loss", ReportCardLostSlice.Handle);
        cards.MapPost("/{cardNumber}/replacement", ReplaceCardSlice.Handle);
        cards.MapPost("/{cardNumber}/suspension", SuspendCardSlice.Handle);
        cards.MapPost("/{cardNumber}/reinstatement", ReinstateCardSlice.Handle);

        var lookup = app.MapGroup("/lookup").WithTags("Lookup");
        lookup.MapGet("/card/{cardNumber}", LookUpCardSlice.Handle);
        lookup.MapGet("/carer", SearchCarersSlice.Handle);
        app.MapGet("/lookups", ListLookupsSlice.Handle).WithTags("Lookup");
        return app;
    }
}
