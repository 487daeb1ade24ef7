using Cers.Dispatch.Console.Backends;

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
        if (activation is not { Ok: true, Body: { } a })
        {
            return Html.Page("Door details", $"<h1>Door details</h1>{Html.Problem(activation.Problem)}", statusCode: Status(activation));
        }

        if (a.Text("carerId") is not { } carerId)
        {
            return Html.Page("Door details", $"""
                <h1>Door details</h1>
                <p>The carer is not identified yet, so there are no door details to show.</p>
                <p><a href="/activations/{id}">Back to the activation</a></p>
                """, statusCode: StatusCodes.Status409Conflict);
        }

        var details = await services.Cards.GetAsync($"/carers/{carerId}/door-details?activationId={id}", ct);
        var body = details is { Ok: true, Body: { } d }
            ? $"""
              <p class="meta">Card lookup has recorded that you viewed these. Read them to the worker only if they cannot open their plan link.</p>
              <div class="door-details">{DoorDetailsHtml.Render(d)}</div>
              """
            : Html.Problem(details.Problem);
        return Html.Page("Door details", $"""
            <h1>Door details</h1>
            {body}
            <p><a href="/activations/{id}">Back to the activation</a></p>
            """, statusCode: details.Ok ? StatusCodes.Status200OK : Status(details));
    }

    private static int Status(ServiceAnswer answer) => answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status;
}
