using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Rotas;

public static class Configuration
{
    public static IEndpointRouteBuilder MapRotas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/rotas", RotasPage.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapGet("/rotas/calendar", CalendarPage.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapGet("/rotas/rotations/{id:guid}", RotationPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapGet("/rotas/new", NewRotationPage.Show).RequireAuthorization(CersPolicies.Administering);
        app.MapPost("/rotas/new", NewRotationPage.Create).RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        app.MapPost("/rotas/rotations/{id:guid}/overrides", RotationPage.AddOverride).RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        return app;
    }
}
