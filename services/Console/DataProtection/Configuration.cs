namespace Cers.Dispatch.Console.DataProtection;

/// <summary>A carer's data exported or erased, with a warning while their cover is in progress.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapDataProtection(this IEndpointRouteBuilder app) => app;
}
