using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;

namespace Cers.Dispatch.Console.Activations.Opening;

/// <summary>
/// A coordinator opens an activation by hand, for a report that reached them directly: by card number, or by the
/// carer's surname, date of birth and postcode when the card is not to hand. Crisis intake checks the card with card
/// lookup; a carer who already has an open activation gets the report added to it, never a second dispatch.
/// </summary>
public static class OpenActivationPage
{
    public static readonly (string Value, string Label)[] Reasons =
    [
        ("AdmittedToHospital", "the carer was admitted to hospital"), ("Accident", "an accident"), ("Illness", "illness"), ("Other", "other"),
    ];

    /// <summary>What crisis intake answers to an opening: the activation, and whether the report joined one already open.</summary>
    private sealed record Opened(Guid ActivationId, bool AttachedToExisting);

    public static IResult Show() => Form(null, null, StatusCodes.Status200OK);

    public static async Task<IResult> Open(IFormCollection form, ConsoleBackends services, CancellationToken ct)
    {
        string? Given(string field) => string.IsNullOrWhiteSpace(form[field]) ? null : form[field].ToString().Trim();
        var byLookup = Given("cardNumber") is null && (Given("surname") ?? Given("dateOfBirth") ?? Given("postcode")) is not null;
        var answer = await services.Intake.PostAsync("/activations", new
        {
            cardNumber = byLookup ? null : Given("cardNumber"),
            carer = byLookup ? new { surname = Given("surname"), dateOfBirth = Given("dateOfBirth"), postcode = Given("postcode") } : null,
            reason = Given("reason"),
            reportedBy = new { agency = Given("agency"), name = Given("name"), callBackNumber = Given("callBackNumber") },
            carerLocation = Given("carerLocation"),
            urgentNotes = Given("urgentNotes"),
        }, ct);
        if (answer.Ok && answer.As<Opened>() is { } opened)
        {
            return Results.Redirect($"/activations/{opened.ActivationId}?done={(opened.AttachedToExisting ? "attached" : "opened")}");
        }

        return Form(form, answer.Problem, answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static IResult Form(IFormCollection? typed, string? problem, int statusCode) =>
        Pages.Render<OpenActivationForm>(new { Typed = typed, Problem = problem }, statusCode);
}
