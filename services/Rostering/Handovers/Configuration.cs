using Cers.Dispatch.Rostering.Handovers.Listing;
using Cers.Dispatch.Rostering.Handovers.RecordingNotes;
using Cers.Dispatch.Rostering.Handovers.Reviewing;
using Cers.Dispatch.Rostering.Handovers.Seeking;
using Cers.Dispatch.ServiceDefaults.Access;
using JasperFx.Events.Projections;
using Marten;

namespace Cers.Dispatch.Rostering.Handovers;

public static class Configuration
{
    public static void AddHandovers(this StoreOptions options)
    {
        options.Events.MapEventType<Dispatches.HandoverDueSet>("handover_due_set");
        options.Events.MapEventType<Dispatches.CompanionReliefDueSet>("companion_relief_due_set");
        options.Events.MapEventType<Dispatches.CompanionReliefSought>("companion_relief_sought");
        options.Events.MapEventType<Dispatches.HandoverSought>("handover_sought");
        options.Events.MapEventType<HandoverRecorded>("handover_recorded");
        options.Events.MapEventType<HandoverSignedOff>("handover_signed_off");
        options.Events.MapEventType<HandoverQueried>("handover_queried");
        options.Projections.Snapshot<Handover>(SnapshotLifecycle.Inline);
        options.Schema.For<Handover>().Index(h => h.Status).Index(h => h.ActivationId);
    }

    public static WebApplicationBuilder AddHandoverServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HandoverOptions>()
            .Bind(builder.Configuration.GetSection(HandoverOptions.Section))
            .Validate(o => o.LeadMinutes is >= 5 and <= 480, "Handovers:LeadMinutes must be between 5 and 480.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HandoverPlanner>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHandovers(this IEndpointRouteBuilder app)
    {
        var handovers = app.MapGroup("/handovers").WithTags("Handovers")
            .RequireAuthorization(CersPolicies.Auditing).RequireRateLimiting(CersRateLimits.PerCaller);
        handovers.MapGet("/", GetHandoversSlice.List);
        handovers.MapGet("/{handoverId:guid}", GetHandoversSlice.One);
        handovers.MapPost("/{handoverId:guid}/sign-off", ReviewHandoverSlice.SignOff);
        handovers.MapPost("/{handoverId:guid}/query", ReviewHandoverSlice.Query);

        app.MapPost("/dispatches/{activationId:guid}/handover-notes", RecordHandoverNotesSlice.Handle).WithTags("Handovers")
            .RequireAuthorization(CersPolicies.Coordinating).RequireRateLimiting(CersRateLimits.PerCaller);
        return app;
    }
}
