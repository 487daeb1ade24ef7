using Cers.Dispatch.ServiceDefaults.Access;
using JasperFx.Events.Projections;
using Marten;

namespace Cers.Dispatch.Rostering.Matching.TravelLimits;

public static class Configuration
{
    public static void AddTravelLimits(this StoreOptions options)
    {
        options.Events.MapEventType<TravelLimitSet>("travel_limit_set");
        options.Projections.Snapshot<AreaTravelLimit>(SnapshotLifecycle.Inline);
    }

    public static IEndpointRouteBuilder MapTravelLimits(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/travel-limits").WithTags("Travel limits")
            .RequireAuthorization(CersPolicies.Coordinating).RequireRateLimiting(CersRateLimits.PerCaller);
        limits.MapGet("", SettingTravelLimitSlice.List);
        limits.MapPut("/{area}", SettingTravelLimitSlice.Set);
        return app;
    }
}
