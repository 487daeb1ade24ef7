using Cers.Dispatch.Rostering.Alerts.Checking;
using Cers.Dispatch.Rostering.Alerts.Listing;
using Cers.Dispatch.Rostering.Alerts.Scheduling;
using Cers.Dispatch.ServiceDefaults.Access;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Rostering.Alerts;

public static class Configuration
{
    public static void AddAlerts(this StoreOptions options)
    {
        options.Events.MapEventType<AlertRaised>("alert_raised");
        options.Events.MapEventType<AlertNotified>("alert_notified");
        options.Events.MapEventType<AlertNotificationFailed>("alert_notification_failed");
        options.Events.MapEventType<AlertResolved>("alert_resolved");
        options.Events.MapEventType<AlertCheckScheduled>("alert_check_scheduled");
        options.Events.MapEventType<AlertsChecked>("alerts_checked");
        options.Projections.Snapshot<Alert>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<AlertSchedule>(SnapshotLifecycle.Inline);
        options.Schema.For<Alert>().Index(a => a.Open);
    }

    public static WebApplicationBuilder AddAlertServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>()
            .Bind(builder.Configuration.GetSection(AlertOptions.Section))
            .Validate(o => o.RotaGapDays is >= 1 and <= 31, "Alerts:RotaGapDays must be between 1 and 31.")
            .Validate(o => o.ExpiryDays is >= 1 and <= 365, "Alerts:ExpiryDays must be between 1 and 365.")
            .Validate(o => o.RealertHours is >= 1 and <= 24 * 31, "Alerts:RealertHours must be between 1 and 744.")
            .Validate(o => o.DailyCheckTime is not null, "Alerts:DailyCheckAt must be a Europe/London wall time such as 07:00.")
            .ValidateOnStart();
        builder.Services.AddScoped<AlertCheck>();
        builder.Services.AddHostedService<FirstAlertCheck>();
        return builder;
    }

    public static void AddAlertConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<WhenAlertCheckDue>();

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("/", GetAlertsSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        alerts.MapPost("/check", CheckAlertsNowSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        return app;
    }
}
