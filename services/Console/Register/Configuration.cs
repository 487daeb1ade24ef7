namespace Cers.Dispatch.Console.Register;

/// <summary>Finding and registering carers, the people they care for, assessments and cards.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapRegister(this IEndpointRouteBuilder app) => app;
}
