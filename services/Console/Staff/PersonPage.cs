using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Phones;
using NodaTime;

namespace Cers.Dispatch.Console.Staff;

/// <summary>
/// One person on the register: everything rostering holds about them, and, for administrators, taking them off duty
/// and back, a renewed DBS check or training, and a new mobile number. Each change is recorded in the signed-in name.
/// </summary>
public static class PersonPage
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["deactivated"] = "Deactivated: they are not ranked, offered or put through until reactivated.",
        ["reactivated"] = "Reactivated: they are ranked again from the next search.",
        ["dbs-check"] = "DBS check recorded.",
        ["training"] = "Training recorded.",
        ["phone"] = "Mobile number changed: SMS from the old number no longer lead to them.",
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["reason"] = "Why", ["expiresOn"] = "Expires on", ["skill"] = "Skill", ["phone"] = "New mobile phone",
    };

    public static Task<IResult> Show(Guid id, string? done, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct) =>
        RenderAsync(id, http, rostering, clock, ct, notice: done is not null && Done.TryGetValue(done, out var words) ? words : null);

    public static Task<IResult> Deactivate(Guid id, IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct) =>
        ChangeAsync(id, "deactivate", "deactivated", form, http, rostering, clock,
            rostering.PostAsync($"/staff/{id}/deactivate", new { reason = form["reason"].ToString() }, ct), ct);

    public static Task<IResult> Reactivate(Guid id, IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct) =>
        ChangeAsync(id, "reactivate", "reactivated", form, http, rostering, clock, rostering.PostAsync($"/staff/{id}/reactivate", new { }, ct), ct);

    public static Task<IResult> RenewDbsCheck(Guid id, IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct) =>
        ChangeAsync(id, "dbs-check", "dbs-check", form, http, rostering, clock,
            rostering.PutAsync($"/staff/{id}/dbs-check", new { expiresOn = form["expiresOn"].ToString() }, ct), ct);

    public static Task<IResult> RecordTraining(Guid id, IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct)
    {
        var skill = form["skill"].ToString().Trim();
        return ChangeAsync(id, "training", "training", form, http, rostering, clock,
            rostering.PutAsync($"/staff/{id}/training/{Uri.EscapeDataString(skill.Length == 0 ? "-" : skill)}", new { expiresOn = form["expiresOn"].ToString() }, ct), ct);
    }

    public static Task<IResult> ChangePhone(Guid id, IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct) =>
        ChangeAsync(id, "phone", "phone", form, http, rostering, clock,
            rostering.PutAsync($"/staff/{id}/phone", new { phone = form["phone"].ToString() }, ct), ct);

    private static async Task<IResult> ChangeAsync(
        Guid id, string formName, string done, IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, Task<ServiceAnswer> call, CancellationToken ct)
    {
        var answer = await call;
        if (answer.Ok)
        {
            return Results.Redirect($"/staff/{id}?done={done}");
        }

        var problem = answer.Status == StatusCodes.Status409Conflict && formName == "phone"
            ? $"Someone else on the register already has {UkPhoneNumbers.Show(form["phone"].ToString())}. Each number must lead to one person, so the number was not changed."
            : StaffWords.InPlainWords(answer, Labels);
        return await RenderAsync(id, http, rostering, clock, ct, refusal: Refusal.Of(formName, form, answer) with { Problem = problem });
    }

    private static async Task<IResult> RenderAsync(Guid id, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        var answer = await rostering.GetAsync($"/staff/{id}", ct);
        if (!answer.Ok || answer.As<PersonShown>() is not { } person)
        {
            return answer.Status == StatusCodes.Status404NotFound
                ? Pages.Render<MessagePage>(new { Title = "Not found", Heading = "Nobody on the register by that link" }, StatusCodes.Status404NotFound)
                : Pages.Render<MessagePage>(new { Title = "Staff", Heading = "Staff", Words = answer.Problem }, StatusCodes.Status502BadGateway);
        }

        return Pages.Render<PersonView>(
            new { Person = person, Today = StaffWords.Today(clock), CanChange = Html.Can(http.User, CersPolicies.Administering), Notice = notice, Refused = refusal },
            refusal?.Status ?? StatusCodes.Status200OK);
    }
}
