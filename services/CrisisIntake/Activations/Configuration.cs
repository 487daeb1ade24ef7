using Cers.Dispatch.CrisisIntake.Activations.GettingActivation;
using Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;
using Cers.Dispatch.CrisisIntake.Activations.Opening;
using JasperFx.Events.Projections;
using Marten;

namespace Cers.Dispatch.CrisisIntake.Activations;

public static class Configuration
{
    public static void AddActivations(this StoreOptions options)
    {
        options.Events.MapEventType<ActivationOpened>("activation_opened");
        options.Projections.Snapshot<Activation>(SnapshotLifecycle.Inline);
    }

    public static IEndpointRouteBuilder MapActivations(this IEndpointRouteBuilder app)
    {
        var activations = app.MapGroup("/activations").WithTags("Activations");
        activations.MapPost("/", OpenActivationSlice.Handle);
        activations.MapGet("/{id:guid}", GetActivationSlice.Handle);
        activations.MapGet("/{id:guid}/timeline", ActivationTimelineSlice.Handle);
        return app;
    }
}
