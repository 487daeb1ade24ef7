using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Supervision;

public static class Configuration
{
    /// <summary>The audit views of one activation: supervisors only.</summary>
    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        var activation = app.MapGroup("/activations/{id:guid}").RequireAuthorization(CersPolicies.Auditing);
        activation.MapGet("/audit", AuditPage.Handle);
        activation.MapGet("/print", PrintPage.Handle);
        activation.MapGet("/export.csv", AuditExport.Csv);
        activation.MapGet("/export.json", AuditExport.Json);
        return app;
    }
}
