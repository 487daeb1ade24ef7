using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Rostering.Reservations;

public static class Configuration
{
    public static void AddReservations(this StoreOptions options)
    {
        options.Events.MapEventType<StaffReserved>("staff_reserved");
        options.Events.MapEventType<ReservationUnfilled>("reservation_unfilled");
        options.Events.MapEventType<ReservationReleased>("reservation_released");
        options.Events.MapEventType<ReservationReminderSent>("reservation_reminder_sent");
        options.Events.MapEventType<ReservationCancelled>("reservation_cancelled");
        options.Events.MapEventType<WorkerHeld>("worker_held");
        options.Events.MapEventType<WorkerHoldLifted>("worker_hold_lifted");
        options.Projections.Snapshot<Reservation>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<WorkerHolds>(SnapshotLifecycle.Inline);
        options.Schema.For<Reservation>().Index(r => r.ActivationId);
    }

    public static IHostApplicationBuilder AddReservationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HoldingStaff>();
        builder.AddWorkHandler<ReservingAgain>();
        return builder;
    }

    public static void AddReservationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ReservingStaff>();
        bus.AddConsumer<RemindingReservedStaff>();
    }

    public static IEndpointRouteBuilder MapReservations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reservations", ListingReservations.List).WithTags("Planned cover")
            .RequireAuthorization(CersPolicies.BookingCover).RequireRateLimiting(CersRateLimits.PerCaller);
        return app;
    }
}
