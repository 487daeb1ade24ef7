using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.Console.Staff;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Rotas;

/// <summary>
/// One rotation: its people in turn order, its turns and hours, its overrides; for administrators, adding an override
/// (someone covers, or nobody: a gap) for a stretch given in UK time (POST /rotations/{id}/overrides).
/// </summary>
public static class RotationPage
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["created"] = "Rotation created: it is on the calendar from its first hand-off.",
        ["override"] = "Override added: the calendar and the phone line follow it.",
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["from"] = "From", ["to"] = "Until", ["coveredBy"] = "Covered by", ["replacing"] = "Instead of", ["reason"] = "Why", ["addedBy"] = "Added by",
    };

    public static Task<IResult> Show(Guid id, string? done, HttpContext http, RosteringClient rostering, CancellationToken ct) =>
        RenderAsync(id, http, rostering, ct, notice: done is not null && Done.TryGetValue(done, out var words) ? words : null);

    public static async Task<IResult> AddOverride(Guid id, IFormCollection form, HttpContext http, RosteringClient rostering, CancellationToken ct)
    {
        var answer = await rostering.PostAsync($"/rotations/{id}/overrides", new
        {
            from = Instant(form["from"]),
            to = Instant(form["to"]),
            coveredBy = Guid.TryParse(form["coveredBy"], out var cover) ? cover : (Guid?)null,
            replacing = Guid.TryParse(form["replacing"], out var replacing) ? replacing : (Guid?)null,
            reason = form["reason"].ToString(),
            addedBy = CoordinatorActions.Who(http),
        }, ct);
        if (answer.Ok)
        {
            return Results.Redirect($"/rotas/rotations/{id}?done=override");
        }

        var refusal = Refusal.Of("override", form, answer) with { Problem = StaffWords.InPlainWords(answer, Labels) };
        return await RenderAsync(id, http, rostering, ct, refusal: refusal);
    }

    /// <summary>The picker's UK wall time as an instant; anything else goes as typed, so rostering's refusal names the field.</summary>
    private static string? Instant(string? typed) =>
        UkTimes.TryParse(typed, out var at) ? at is { } instant ? InstantPattern.ExtendedIso.Format(instant) : null : typed;

    private static async Task<IResult> RenderAsync(Guid id, HttpContext http, RosteringClient rostering, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        var rotationsCall = rostering.GetAsync("/rotations", ct);
        var staffCall = rostering.GetAsync("/staff", ct);
        var rotationsAnswer = await rotationsCall;
        if (!rotationsAnswer.Ok || rotationsAnswer.As<List<RotationDetails>>() is not { } rotations)
        {
            return Pages.Render<MessagePage>(new { Title = "Rotation", Heading = "Rotation", Words = rotationsAnswer.Problem }, StatusCodes.Status502BadGateway);
        }

        if (rotations.FirstOrDefault(r => r.Id == id) is not { } rotation)
        {
            return Pages.Render<MessagePage>(new { Title = "Not found", Heading = "No rotation by that link" }, StatusCodes.Status404NotFound);
        }

        var staffAnswer = await staffCall;
        var staff = (staffAnswer.Ok ? staffAnswer.As<List<PersonShown>>() : null) ?? [];
        return Pages.Render<RotationView>(
            new
            {
                Rotation = rotation,
                Staff = staff.ToDictionary(s => s.Id),
                CanChange = Html.Can(http.User, CersPolicies.Administering),
                Notice = notice,
                Refused = refusal,
            },
            refusal?.Status ?? StatusCodes.Status200OK);
    }
}
