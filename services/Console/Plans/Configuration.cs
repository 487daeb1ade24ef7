namespace Cers.Dispatch.Console.Plans;

/// <summary>A carer's emergency plan: written, revised, and each version compared with another.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app) => app;
}
