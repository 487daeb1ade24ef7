using System.Globalization;
using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.Console.TravelLimits;

/// <summary>An area's own travel limit, as rostering lists it (GET /travel-limits).</summary>
public sealed record AreaLimitShown(string Area, double MaxKm, string? SetBy, string? Reason, Instant SetAt);

public sealed record TravelLimitsShown(double DefaultKm, IReadOnlyList<AreaLimitShown>? Areas);

/// <summary>
/// How far from their base a worker may be asked to travel, per postcode area, set by a coordinator with the reason:
/// rostering keeps each change on the area's own stream and passes over workers beyond the limit when it ranks them.
/// </summary>
public static class TravelLimitsPage
{
    public static IEndpointRouteBuilder MapTravelLimits(this IEndpointRouteBuilder app)
    {
        app.MapGet("/travel-limits", Show).RequireAuthorization(CersPolicies.Coordinating);
        app.MapPost("/travel-limits", Set).RequireAuthorization(CersPolicies.Coordinating);
        return app;
    }

    public static Task<IResult> Show(string? done, RosteringClient rostering, CancellationToken ct) =>
        RenderAsync(rostering, ct, notice: done == "set" ? "Travel limit set: the ranking uses it from the next offer." : null);

    public static async Task<IResult> Set(IFormCollection form, HttpContext http, RosteringClient rostering, CancellationToken ct)
    {
        var area = form["area"].ToString().Trim().ToUpperInvariant();
        object maxKm = double.TryParse(form["maxKm"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var km) ? km : form["maxKm"].ToString();
        var answer = await rostering.PutAsync(
            $"/travel-limits/{Uri.EscapeDataString(area.Length == 0 ? "-" : area)}",
            new { maxKm, by = CoordinatorActions.Who(http), reason = form["reason"].ToString() },
            ct);
        return answer.Ok ? Results.Redirect("/travel-limits?done=set") : await RenderAsync(rostering, ct, refusal: Refusal.Of("travel-limit", form, answer));
    }

    private static async Task<IResult> RenderAsync(RosteringClient rostering, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        var answer = await rostering.GetAsync("/travel-limits", ct);
        var limits = answer.Ok ? answer.As<TravelLimitsShown>() : null;
        return Pages.Render<TravelLimitsView>(
            new { Limits = limits, Problem = limits is null ? answer.Problem ?? "Rostering did not answer." : null, Notice = notice, Refused = refusal },
            refusal?.Status ?? (limits is null ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK));
    }
}
