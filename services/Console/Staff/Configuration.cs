namespace Cers.Dispatch.Console.Staff;

/// <summary>The staff register: care workers, coordinators and duty managers, their skills, training and DBS dates.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app) => app;
}
