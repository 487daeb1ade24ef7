using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Alerts;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Board;
using Cers.Dispatch.Console.DataProtection;
using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.Console.HandoverPacks;
using Cers.Dispatch.Console.Handovers;
using Cers.Dispatch.Console.PlanLinks;
using Cers.Dispatch.Console.PlannedCover;
using Cers.Dispatch.Console.Plans;
using Cers.Dispatch.Console.Readiness;
using Cers.Dispatch.Console.Register;
using Cers.Dispatch.Console.Reports;
using Cers.Dispatch.Console.Rotas;
using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.Console.Staff;
using Cers.Dispatch.Console.Supervision;
using Cers.Dispatch.Console.TravelLimits;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Marten;
using MassTransit;
using Microsoft.Extensions.Http.Resilience;

namespace Cers.Dispatch.Console;

public static class Configuration
{
    public static void AddConsoleReadModels(this StoreOptions options)
    {
        options.Schema.For<BoardEntry>().Index(e => e.State).UseOptimisticConcurrency(true);
        options.Schema.For<Board.Alarms.AlarmEntry>().Duplicate(a => a.State);
        options.Schema.For<Board.Alarms.ProviderState>().Identity(p => p.Id);
        options.Schema.For<Forms.SubmittedForm>().Identity(f => f.Id);
        options.Schema.For<Board.Claiming.ActivationClaim>();
        options.AddConsoleUsers();
        options.AddReportReadModels();
    }

    public static void AddConsoleConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<Activations.Tracking.UpdateActivationViewsFromNews>(typeof(GroupCommitConsumerDefinition<Activations.Tracking.UpdateActivationViewsFromNews>));
        bus.AddConsumer<Board.Alarms.UpdateAlarms>();
    }

    public static WebApplicationBuilder AddConsoleServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddRazorComponents();
        builder.Services.AddGroupCommit();
        builder.AddConsoleSignIn();
        builder.AddPlanLinks();
        AddBackend<CrisisIntakeClient>(builder, "CrisisIntake", "crisis intake");
        AddBackend<RosteringClient>(builder, "Rostering", "rostering");
        AddBackend<CardLookupClient>(builder, "CardLookup", "card lookup");
        builder.Services.AddTransient<ConsoleBackends>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapSignIn();
        app.MapGet("/", BoardPage.Handle).RequireAuthorization(CersPolicies.Coordinating);
        app.MapGet("/board/rows", BoardPage.Rows).RequireAuthorization(CersPolicies.Coordinating);
        app.MapGet("/api/board", BoardPage.Json).RequireAuthorization(CersPolicies.Coordinating);
        app.MapGet("/board/alarms", Board.Alarms.AlarmsPanel.Fragment).RequireAuthorization(CersPolicies.Coordinating);
        app.MapPost("/alarms/{id:guid}/acknowledge", Board.Alarms.AlarmsPanel.Acknowledge).RequireAuthorization(CersPolicies.Coordinating).ActOnceEachForm();
        app.MapPost("/activations/{id:guid}/claim", Board.Claiming.ClaimingActivations.Claim).RequireAuthorization(CersPolicies.Coordinating).ActOnceEachForm();
        app.MapHub<BoardHub>(BoardHub.Path).RequireAuthorization(CersPolicies.Coordinating);
        app.MapActivations();
        app.MapRegister();
        app.MapPlans();
        app.MapDataProtection();
        app.MapStaff();
        app.MapRotas();
        app.MapPlannedCover();
        app.MapTravelLimits();
        app.MapAlerts();
        app.MapReadiness();
        app.MapPlanLinks();
        app.MapSupervision();
        app.MapHandoverPacks();
        app.MapHandovers();
        app.MapReports();
        return app;
    }

    /// <summary>
    /// Each backend is called on behalf of the person signed in. Only reads are retried (a retried POST could offer
    /// cover twice or record a note twice), and briefly: a coordinator mid-call needs the page, or the reason it failed,
    /// within seconds.
    /// </summary>
    private static void AddBackend<TClient>(WebApplicationBuilder builder, string key, string name)
        where TClient : ServiceClient =>
        builder.Services.AddHttpClient<TClient>(http => http.BaseAddress = new Uri(builder.Configuration[$"Services:{key}"]
                ?? throw new InvalidOperationException($"Services:{key} (env Services__{key}) must give {name}'s base URL.")))
            .AddHttpMessageHandler<SignedInUserToken>()
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.DisableForUnsafeHttpMethods();
                options.Retry.MaxRetryAttempts = 2;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(12);
            });
}
