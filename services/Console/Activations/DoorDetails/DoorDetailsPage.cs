using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;

namespace Cers.Dispatch.Console.Activations.DoorDetails;

/// <summary>
/// What opens the door (key-safe code, entry instructions, where keys are kept), shown only when card lookup allows
/// this person for this open activation; card lookup records every view. Never part of the activation page itself,
/// so reading the page does not count as reading the secrets.
/// </summary>
public static class DoorDetailsPage
{
    public static async Task<IResult> Handle(Guid id, ConsoleBackends services, CancellationToken ct)
    {
        var activation = await services.Intake.GetAsync($"/activations/{id}", ct);
        if (!activation.Ok)
        {
            return Pages.Render<DoorDetailsPageView>(new { ActivationId = id, Problem = activation.Problem }, Status(activation));
        }

        if (activation.As<ActivationShown>()?.CarerId is not { } carerId)
        {
            return Pages.Render<DoorDetailsPageView>(new { ActivationId = id, NotIdentified = true }, StatusCodes.Status409Conflict);
        }

        var details = await services.Cards.GetAsync($"/carers/{carerId}/door-details?activationId={id}", ct);
        return details.Ok
            ? Pages.Render<DoorDetailsPageView>(new { ActivationId = id, Details = details.As<DoorDetails>() })
            : Pages.Render<DoorDetailsPageView>(new { ActivationId = id, Problem = details.Problem }, Status(details));
    }

    private static int Status(ServiceAnswer answer) => answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status;
}
