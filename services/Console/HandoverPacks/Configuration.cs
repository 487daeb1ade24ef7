using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.HandoverPacks;

public static class Configuration
{
    /// <summary>The handover pack: coordinators and supervisors, who may read the activation's sealed details.</summary>
    public static IEndpointRouteBuilder MapHandoverPacks(this IEndpointRouteBuilder app)
    {
        var pack = app.MapGroup("/activations/{id:guid}").RequireAuthorization(CersPolicies.Coordinating).ActOnceEachForm();
        pack.MapGet("/handover-pack", HandoverPackPage.Show);
        pack.MapGet("/handover-pack.pdf", HandoverPackPage.Pdf);
        pack.MapPost("/handover-pack/sendings", HandoverPackPage.Send);
        return app;
    }
}
