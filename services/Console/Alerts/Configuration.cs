namespace Cers.Dispatch.Console.Alerts;

/// <summary>Alerts for the duty manager and for supervisors: seen, checked and resolved.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app) => app;
}
