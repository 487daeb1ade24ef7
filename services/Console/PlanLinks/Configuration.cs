namespace Cers.Dispatch.Console.PlanLinks;

public static class Configuration
{
    public static WebApplicationBuilder AddPlanLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlanLinkOptions>().Bind(builder.Configuration.GetSection(PlanLinkOptions.Section));
        return builder;
    }

    /// <summary>Anonymous by design: the token in the address is the credential, and rostering checks it on every call.</summary>
    public static IEndpointRouteBuilder MapPlanLinks(this IEndpointRouteBuilder app)
    {
        var plan = app.MapGroup("/plan/{token}").AllowAnonymous();
        plan.MapGet("/", PlanLinkPage.Show);
        plan.MapPost("/arrived", PlanLinkPage.Arrived);
        plan.MapPost("/left", PlanLinkPage.Left);
        plan.MapPost("/handover-notes", PlanLinkPage.HandoverNotes);
        return app;
    }
}
