using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.DataProtection;

/// <summary>A carer's data exported or erased, with a warning while their cover is in progress.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapDataProtection(this IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("/register/carers/{carerId:guid}/data").RequireAuthorization(CersPolicies.DataProtection);
        data.MapGet("/", CarerDataPage.Show);
        data.MapGet("/export", CarerDataPage.Export);
        data.MapPost("/erasure", CarerDataPage.Erase).ActOnceEachForm();
        return app;
    }
}
