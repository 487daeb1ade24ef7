using Cers.Dispatch.Console.Backends;

namespace Cers.Dispatch.Console.Activations.Opening;

/// <summary>
/// A coordinator opens an activation by hand, for a report that reached them directly: by card number, or by the
/// carer's surname, date of birth and postcode when the card is not to hand. Crisis intake checks the card with card
/// lookup; a carer who already has an open activation gets the report added to it, never a second dispatch.
/// </summary>
public static class OpenActivationPage
{
    private static readonly (string Value, string Label)[] Reasons =
    [
        ("AdmittedToHospital", "the carer was admitted to hospital"), ("Accident", "an accident"), ("Illness", "illness"), ("Other", "other"),
    ];

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
        if (answer is { Ok: true, Body: { } opened } && opened.Text("activationId") is { } id)
        {
            return Results.Redirect($"/activations/{id}?done={(opened.Text("attachedToExisting") == "True" ? "attached" : "opened")}");
        }

        return Form(form, answer.Problem, answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static IResult Form(IFormCollection? typed, string? problem, int statusCode)
    {
        string Kept(string field) => Html.E(typed?[field].ToString());
        var reasons = string.Concat(Reasons.Select(r =>
            $"""<option value="{r.Value}"{(typed?["reason"].ToString() == r.Value ? " selected" : "")}>{Html.E(r.Label)}</option>"""));
        var body = $"""
            <h1>Open an activation</h1>
            <p class="meta">For a report that came to you directly. Give the card number; without the card, the carer's surname,
              date of birth and postcode find them. If the carer already has an open activation, the report joins it.</p>
            {Html.Problem(problem)}
            {Html.Form("/activations/new", $"""
              <fieldset>
                <legend>The carer</legend>
                <label>Card number <input name="cardNumber" inputmode="numeric" autocomplete="off" value="{Kept("cardNumber")}"></label>
                <p class="meta">or, without the card:</p>
                <label>Surname <input name="surname" value="{Kept("surname")}"></label>
                <label>Date of birth <input name="dateOfBirth" type="date" value="{Kept("dateOfBirth")}"></label>
                <label>Postcode <input name="postcode" value="{Kept("postcode")}"></label>
              </fieldset>
              <fieldset>
                <legend>What happened</legend>
                <label>Why the carer cannot care <select name="reason">{reasons}</select></label>
                <label>Where the carer is now <input name="carerLocation" value="{Kept("carerLocation")}"></label>
                <label>Urgent notes <textarea name="urgentNotes" rows="3" maxlength="2000">{Kept("urgentNotes")}</textarea></label>
              </fieldset>
              <fieldset>
                <legend>Who reported it</legend>
                <label>Organisation <input name="agency" required value="{Kept("agency")}" placeholder="e.g. Cambridgeshire Constabulary, or Family"></label>
                <label>Name <input name="name" required value="{Kept("name")}"></label>
                <label>Call-back number <input name="callBackNumber" type="tel" value="{Kept("callBackNumber")}"></label>
              </fieldset>
              <button type="submit">Open activation</button>
              """, "open-activation")}
            """;
        return Html.Page("Open an activation", body, statusCode: statusCode);
    }
}
