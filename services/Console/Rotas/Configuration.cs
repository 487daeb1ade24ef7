using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Rotas;

public static class Configuration
{
    public static IEndpointRouteBuilder MapRotas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/rotas", RotasPage.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        return app;
    }
}
