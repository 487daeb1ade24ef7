using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Readiness;

/// <summary>Which cards could not be served now, and why: for the duty manager and administrators.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/readiness", ReadinessPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapPost("/readiness/check", ReadinessPage.CheckNow).RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        return app;
    }
}
