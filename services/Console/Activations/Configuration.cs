using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Activations.DoorDetails;
using Cers.Dispatch.Console.Activations.Offering;
using Cers.Dispatch.Console.Activations.Opening;
using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Activations;

public static class Configuration
{
    /// <summary>The coordinator's pages for one activation; forms post here and the console calls the services.</summary>
    public static IEndpointRouteBuilder MapActivations(this IEndpointRouteBuilder app)
    {
        var activations = app.MapGroup("/activations").RequireAuthorization(CersPolicies.Coordinating).ActOnceEachForm();
        activations.MapGet("/new", OpenActivationPage.Show);
        activations.MapPost("/new", OpenActivationPage.Open);
        activations.MapGet("/{id:guid}", ActivationPage.Handle);
        activations.MapGet("/{id:guid}/door-details", DoorDetailsPage.Handle);
        activations.MapPost("/{id:guid}/offers", ChooseWorker.Handle);
        activations.MapPost("/{id:guid}/identification", CoordinatorActions.IdentifyCarer);
        activations.MapPost("/{id:guid}/notes", CoordinatorActions.RecordNote);
        activations.MapPost("/{id:guid}/safeguarding-concerns", CoordinatorActions.RaiseConcern);
        activations.MapGet("/{id:guid}/safeguarding-concerns/{concernId:guid}", CoordinatorActions.ShowConcern);
        activations.MapPost("/{id:guid}/longer-term-care", CoordinatorActions.ArrangeLongerTermCare);
        activations.MapPost("/{id:guid}/extend-cover", CoordinatorActions.ExtendCover);
        activations.MapPost("/{id:guid}/end-cover", CoordinatorActions.EndCover);
        activations.MapPost("/{id:guid}/close", CoordinatorActions.Close);
        return app;
    }
}
