using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Plans;

/// <summary>A carer's emergency plan: written, revised, and each version compared with another.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        app.MapGet("/register/carers/{carerId:guid}/plan", EmergencyPlanPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapPost("/register/carers/{carerId:guid}/plan", EmergencyPlanPage.Record).RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        return app;
    }
}
