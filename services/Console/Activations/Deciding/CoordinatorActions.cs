using System.Text.Json;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Activations.Deciding;

/// <summary>
/// The coordinator's decisions on an open activation, posted from its page and passed to crisis intake in the
/// coordinator's name. A refusal is shown on the page over the form, with what was typed kept.
/// </summary>
public static class CoordinatorActions
{
    public static Task<IResult> RecordNote(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct) =>
        DecideAsync(id, "note", form, http, services, "note",
            services.Intake.PostAsync($"/activations/{id}/notes", new { by = Who(http), text = form["text"].ToString() }, ct), ct);

    /// <summary>From either form of the page's "Identify the carer": the card number, or the carer's lookup fields.</summary>
    public static Task<IResult> IdentifyCarer(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        object identification = form.ContainsKey("cardNumber")
            ? new { cardNumber = form["cardNumber"].ToString(), identifiedBy = Who(http) }
            : new
            {
                carer = new { surname = form["surname"].ToString(), dateOfBirth = form["dateOfBirth"].ToString(), postcode = form["postcode"].ToString() },
                identifiedBy = Who(http),
            };
        return DecideAsync(id, "identify", form, http, services, "identified", services.Intake.PostAsync($"/activations/{id}/identification", identification, ct), ct);
    }

    public static Task<IResult> ArrangeLongerTermCare(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct) =>
        DecideAsync(id, "longer-term-care", form, http, services, "longer-term-care",
            services.Intake.PostAsync($"/activations/{id}/longer-term-care", new
            {
                arrangement = form["arrangement"].ToString(),
                details = form["details"].ToString(),
                arrangedBy = Who(http),
            }, ct), ct);

    /// <summary>
    /// The new limit as the page's picker sends it (UK wall time) or as an ISO instant; text that is neither goes to crisis
    /// intake as typed, so its refusal names <c>newLimitAt</c>.
    /// </summary>
    public static Task<IResult> ExtendCover(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        var typed = form["newLimitAt"].ToString();
        var newLimitAt = UkTimes.TryParse(typed, out var limit) && limit is { } at ? InstantPattern.ExtendedIso.Format(at) : typed;
        return DecideAsync(id, "extend-cover", form, http, services, "extended",
            services.Intake.PostAsync($"/activations/{id}/extend-cover", new { newLimitAt, decidedBy = Who(http), reason = form["reason"].ToString() }, ct), ct);
    }

    public static Task<IResult> EndCover(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct) =>
        DecideAsync(id, "end-cover", form, http, services, "cover-ended",
            services.Intake.PostAsync($"/activations/{id}/end-cover", new { endedBy = Who(http), reason = form["reason"].ToString() }, ct), ct);

    public static Task<IResult> Close(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct) =>
        DecideAsync(id, "close", form, http, services, "closed",
            services.Intake.PostAsync($"/activations/{id}/close", new
            {
                outcome = form["outcome"].ToString(),
                closedBy = Who(http),
                notes = string.IsNullOrWhiteSpace(form["notes"]) ? null : form["notes"].ToString(),
            }, ct), ct);

    /// <summary>
    /// The concern is recorded with the referral route that applies, once however often the form is sent (its key goes to
    /// crisis intake as the Idempotency-Key); the coordinator is then shown that route at once, on a page of its own, since
    /// it may mean ringing 999 now.
    /// </summary>
    public static async Task<IResult> RaiseConcern(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        var answer = await services.Intake.PostAsync($"/activations/{id}/safeguarding-concerns", new
        {
            raisedBy = new { name = Who(http), role = http.User.IsInRole(CersRoles.Coordinator) || !http.User.IsInRole(CersRoles.Supervisor) ? "coordinator" : "supervisor" },
            subject = form["subject"].ToString(),
            category = form["category"].ToString(),
            account = form["account"].ToString(),
            immediateDanger = form["immediateDanger"] == "true",
        }, ct, idempotencyKey: form[Forms.SubmittedOnce.FieldName].ToString());
        if (!answer.Ok)
        {
            return await ActivationPage.RenderAsync(id, null, http, services, ct, refusal: Refusal.Of("concern", form, answer));
        }

        return Results.Redirect($"/activations/{id}/safeguarding-concerns/{answer.As<ConcernRaised>()?.ConcernId}");
    }

    /// <summary>The safeguarding concern as crisis intake's timeline records it.</summary>
    public sealed record ConcernRaised(Guid? ConcernId, ContactShown? ReferralRoute, ContactShown? Lead, bool ImmediateDanger);

    public sealed record ContactShown(string? Name, string? Phone);

    private sealed record TimelineData(JsonElement Data);

    /// <summary>GET /activations/{id}/safeguarding-concerns/{concernId}: where to refer it and who is being paged, read back from the timeline.</summary>
    public static async Task<IResult> ShowConcern(Guid id, Guid concernId, ConsoleBackends services, CancellationToken ct)
    {
        var timeline = await services.Intake.GetAsync($"/activations/{id}/timeline", ct);
        var concern = (timeline.Ok ? timeline.As<List<TimelineData>>() : null)?
            .Where(e => e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty("concernId", out _))
            .Select(e => ServiceAnswer.Read<ConcernRaised>(e.Data))
            .FirstOrDefault(c => c?.ConcernId == concernId);
        return concern is null
            ? Pages.Render<MessagePage>(
                new { Title = "Safeguarding concern", Heading = "Safeguarding concern", Words = "That concern is not on this activation's timeline." },
                StatusCodes.Status404NotFound)
            : Pages.Render<ConcernRecorded>(new { ActivationId = id, Concern = concern });
    }

    public static string Who(HttpContext http) => http.User.Identity?.Name ?? "console user";

    private static async Task<IResult> DecideAsync(
        Guid id, string formName, IFormCollection form, HttpContext http, ConsoleBackends services, string done, Task<ServiceAnswer> call, CancellationToken ct)
    {
        var answer = await call;
        return answer.Ok
            ? Results.Redirect($"/activations/{id}?done={done}")
            : await ActivationPage.RenderAsync(id, null, http, services, ct, refusal: Refusal.Of(formName, form, answer));
    }
}
