using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.CoverLimits.Extending;
using Cers.Dispatch.Escalation.CoverLimits.Getting;
using Cers.Dispatch.Escalation.CoverLimits.Resolving;
using Cers.Dispatch.Escalation.CoverLimits.Rule;
using Cers.Dispatch.Escalation.CoverLimits.Starting;
using Cers.Dispatch.Escalation.Staffing;
using Cers.Dispatch.Escalation.Timers;
using Cers.Dispatch.Escalation.Timers.Firing;
using Cers.Dispatch.Escalation.Timers.Listing;
using Cers.Dispatch.Escalation.Timers.Scheduling;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.ServiceDefaults.Access;
using Marten;

namespace Cers.Dispatch.Escalation;

public static class Configuration
{
    public static WebApplicationBuilder AddEscalation(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CoverLimitOptions>(builder.Configuration.GetSection(CoverLimitOptions.Section));
        builder.Services.Configure<TimerOptions>(builder.Configuration.GetSection(TimerOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BankHolidaySource>();
        builder.Services.AddSingleton<CoverLimits.Starting.StartingCover>();
        builder.Services.AddSingleton<TimerStore>();
        builder.Services.AddSingleton<Activations.KeptEscalations>();
        builder.Services.AddSingleton<TimerWake>();
        builder.Services.AddSingleton<FireDueTimers>();
        builder.Services.AddHostedService<TimerPoller>();
        builder.Services.AddSingleton<IContractMap, ContractMap>();
        builder.AddCersMessaging(bus =>
        {
            bus.AddConsumer<WhenCoverStarted>();
            bus.AddConsumer<WhenCoverResolved>();
            bus.AddConsumer<WhenCoverExtended>();
            bus.AddConsumer<WhenActivationStaffing>();
            bus.AddConsumer<WhenTimerCommanded>();
        });
        builder.AddCersMarten("escalation", options => options.AddEscalationStore())
            .AddContractPublisher();
        return builder;
    }

    public static void AddEscalationStore(this StoreOptions options)
    {
        options.Events.MapEventType<TimerScheduled>("timer_scheduled");
        options.Events.MapEventType<TimerCancelled>("timer_cancelled");
        options.Events.MapEventType<TimerFired>("timer_fired");
        options.Events.MapEventType<CoverLimitSet>("cover_limit_set");
        options.Events.MapEventType<CoverLimitWarningSent>("cover_limit_warning_sent");
        options.Events.MapEventType<CoverLimitReached>("cover_limit_reached");
        options.Events.MapEventType<CoverLimitEscalated>("cover_limit_escalated");
        options.Events.MapEventType<CoverLimitExtended>("cover_limit_extended");
        options.Events.MapEventType<CoverLimitResolved>("cover_limit_resolved");
        options.Events.MapEventType<StaffingDeadlineSet>("staffing_deadline_set");
        options.Events.MapEventType<WorkerArrivedOnSite>("worker_arrived_on_site");
        options.Events.MapEventType<ActivationUnstaffedTooLong>("activation_unstaffed_too_long");
        options.Schema.For<ImportedBankHolidays>().Identity(d => d.Id);
        options.Storage.ExtendedSchemaObjects.Add(TimerTable.Define(options.DatabaseSchemaName));
    }

    public static IEndpointRouteBuilder MapEscalation(this IEndpointRouteBuilder app)
    {
        // Services start and cancel timers over the bus; this HTTP door is for operators and for services that must
        // know a timer is durable before they answer.
        var timers = app.MapGroup("/timers").WithTags("Timers").RequireRateLimiting(CersRateLimits.PerCaller);
        timers.MapGet("/", ListTimersSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        timers.MapPost("/", StartTimerSlice.Handle).RequireAuthorization(CersPolicies.ServiceToService);
        timers.MapGet("/{id:guid}", ListTimersSlice.One).RequireAuthorization(CersPolicies.ReadingRegister);
        timers.MapDelete("/{id:guid}", CancelTimerSlice.Handle).RequireAuthorization(CersPolicies.ServiceToService);
        app.MapGet("/cover-limits/{activationId:guid}", GetCoverLimitSlice.Handle).WithTags("Cover limits")
            .RequireAuthorization(CersPolicies.Coordinating).RequireRateLimiting(CersRateLimits.PerCaller);
        app.MapGet("/rules/cover-limit", CoverLimitRuleSlice.Handle).WithTags("Cover limits")
            .RequireAuthorization(CersPolicies.ReadingRegister).RequireRateLimiting(CersRateLimits.PerCaller);
        return app;
    }
}
