using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Handovers;

public static class Configuration
{
    /// <summary>Handover sign-off: supervisors only (rostering checks the same policy for the person signed in).</summary>
    public static IEndpointRouteBuilder MapHandovers(this IEndpointRouteBuilder app)
    {
        var handovers = app.MapGroup("/handovers").RequireAuthorization(CersPolicies.Auditing).ActOnceEachForm();
        handovers.MapGet("/", HandoversPage.Handle);
        handovers.MapPost("/{id:guid}/sign-off", HandoversPage.SignOff);
        handovers.MapPost("/{id:guid}/query", HandoversPage.Query);
        return app;
    }
}
