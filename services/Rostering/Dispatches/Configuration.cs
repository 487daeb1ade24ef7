using Cers.Dispatch.Rostering.Dispatches.GettingDispatch;
using Cers.Dispatch.Rostering.Dispatches.Requesting;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Rostering.Dispatches;

public static class Configuration
{
    public static void AddDispatches(this StoreOptions options)
    {
        options.Events.MapEventType<DispatchRequested>("dispatch_requested");
        options.Projections.Snapshot<StaffDispatch>(SnapshotLifecycle.Inline);
    }

    public static void AddDispatchConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<WhenActivationOpened>();

    public static IEndpointRouteBuilder MapDispatches(this IEndpointRouteBuilder app)
    {
        var dispatches = app.MapGroup("/dispatches").WithTags("Dispatches");
        dispatches.MapGet("/{activationId:guid}", GetDispatchSlice.Handle);
        dispatches.MapGet("/{activationId:guid}/events", GetDispatchSlice.Events);
        return app;
    }
}
