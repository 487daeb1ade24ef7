using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;

namespace Cers.Dispatch.Console.Activations.Offering;

/// <summary>
/// The coordinator offers the cover to a worker of their choosing: the first-ranked, or anyone, overriding the
/// ranking. Rostering withdraws an open offer to someone else and records who chose.
/// </summary>
public static class ChooseWorker
{
    public static async Task<IResult> Handle(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        var answer = Guid.TryParse(form["workerId"], out var workerId)
            ? await services.Rostering.PostAsync($"/dispatches/{id}/offers", new { workerId, by = CoordinatorActions.Who(http) }, ct)
            : new ServiceAnswer(StatusCodes.Status400BadRequest, null, "Choose a worker from the list.");
        return answer.Ok
            ? Results.Redirect($"/activations/{id}?done=offered")
            : await ActivationPage.RenderAsync(id, null, http, services, ct, refusal: Refusal.Of("offer", form, answer));
    }
}
