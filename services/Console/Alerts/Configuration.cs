using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Alerts;

/// <summary>Alerts for the duty manager and for supervisors: seen, checked and resolved.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alerts", AlertsPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapPost("/alerts/check", AlertsPage.CheckNow).RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        return app;
    }
}
