using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.PlannedCover;

/// <summary>Planned cover for a carer's appointment: booked, moved and cancelled.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapPlannedCover(this IEndpointRouteBuilder app)
    {
        var plannedCover = app.MapGroup("/planned-cover").RequireAuthorization(CersPolicies.BookingCover).ActOnceEachForm();
        plannedCover.MapGet("/", PlannedCoverPage.Show);
        plannedCover.MapPost("/", PlannedCoverPage.Book);
        plannedCover.MapPost("/{id:guid}/move", PlannedCoverPage.Move);
        plannedCover.MapPost("/{id:guid}/cancel", PlannedCoverPage.Cancel);
        return app;
    }
}
