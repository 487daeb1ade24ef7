namespace Cers.Dispatch.Console.PlannedCover;

/// <summary>Planned cover for a carer's appointment: booked, moved and cancelled.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapPlannedCover(this IEndpointRouteBuilder app) => app;
}
