using Cers.Dispatch.Rostering.PlanLinks.Acting;
using Cers.Dispatch.Rostering.PlanLinks.DoorDetails;
using Cers.Dispatch.Rostering.PlanLinks.Issuing;
using Cers.Dispatch.Rostering.PlanLinks.Opening;
using Cers.Dispatch.ServiceDefaults.Access;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Http.Resilience;

namespace Cers.Dispatch.Rostering.PlanLinks;

public static class Configuration
{
    public static void AddPlanLinks(this StoreOptions options)
    {
        options.Events.MapEventType<PlanLinkIssued>("plan_link_issued");
        options.Events.MapEventType<PlanLinkOpened>("plan_link_opened");
        options.Events.MapEventType<PlanLinkEnded>("plan_link_ended");
        options.Projections.Snapshot<PlanLink>(SnapshotLifecycle.Inline);
        options.Schema.For<PlanLink>().UniqueIndex(l => l.TokenHash).Index(l => l.ActivationId);
    }

    public static WebApplicationBuilder AddPlanLinkServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlanLinkOptions>()
            .Bind(builder.Configuration.GetSection(PlanLinkOptions.Section))
            .Validate(o => o.PlanLinkMaxHours is >= 1 and <= 72, "Rostering:PlanLinkMaxHours must be between 1 and 72.")
            .Validate(
                o => o.PlanLinkBaseUrl is null || (Uri.TryCreate(o.PlanLinkBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"),
                "Rostering:PlanLinkBaseUrl must be the console's absolute http(s) address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PlanLinkKeeper>();
        var cardLookup = builder.Configuration["Services:CardLookup"];
        builder.Services.AddHttpClient<DoorDetailsClient>(http =>
            {
                if (cardLookup is not null)
                {
                    http.BaseAddress = new Uri(cardLookup.TrimEnd('/') + "/");
                }
            })
            .AddStandardResilienceHandler(ShortDeadlines);
        return builder;
    }

    /// <summary>The token in the path is the credential (256 random bits, compared by hash), so these are anonymous.</summary>
    public static IEndpointRouteBuilder MapPlanLinks(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/plan-links").WithTags("Plan links").AllowAnonymous().RequireRateLimiting(CersRateLimits.Webhooks);
        links.MapGet("/{token}", OpenPlanLinkSlice.Handle);
        links.MapPost("/{token}/arrived", ActOnPlanLinkSlice.Arrived);
        links.MapPost("/{token}/left", ActOnPlanLinkSlice.Left);
        links.MapPost("/{token}/handover-notes", ActOnPlanLinkSlice.HandoverNotes);
        return app;
    }

    /// <summary>The worker is at the door waiting: answer quickly with "phone the coordinator" rather than keep them waiting.</summary>
    private static void ShortDeadlines(HttpStandardResilienceOptions options)
    {
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
        options.Retry.MaxRetryAttempts = 1;
    }
}
