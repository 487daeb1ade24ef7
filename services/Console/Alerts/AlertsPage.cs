using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.Console.Alerts;

/// <summary>
/// Rostering's alerts to the duty manager (rota gaps, phones that do not work, DBS checks and training running out), open
/// ones first; for supervisors also card lookup's card-guessing alerts. An administrator can run rostering's check now.
/// </summary>
public static class AlertsPage
{
    public static Task<IResult> Show(
        string? resolved, string? done, int? raised, int? resolvedNow, int? texted, long? checkedAt,
        HttpContext http, RosteringClient rostering, CardLookupClient cards, CancellationToken ct)
    {
        var justChecked = done == "checked" && checkedAt is { } ticks ? Instant.FromUnixTimeTicks(ticks) : (Instant?)null;
        var notice = justChecked is null ? null : AlertsWords.Checked(raised ?? 0, resolvedNow ?? 0, texted ?? 0);
        return RenderAsync(resolved == "shown", http, rostering, cards, ct, justChecked, notice);
    }

    public static async Task<IResult> CheckNow(HttpContext http, RosteringClient rostering, CardLookupClient cards, CancellationToken ct)
    {
        var answer = await rostering.PostAsync("/alerts/check", new { }, ct);
        return answer.Ok && answer.As<AlertCheckShown>() is { } result
            ? Results.Redirect(
                $"/alerts?done=checked&raised={result.Raised}&resolvedNow={result.Resolved}&texted={result.Texted}&checkedAt={result.CheckedAt.ToUnixTimeTicks()}")
            : await RenderAsync(false, http, rostering, cards, ct, checkProblem: $"The check did not run. {answer.Problem ?? "Rostering did not answer."}");
    }

    private static async Task<IResult> RenderAsync(
        bool withResolved, HttpContext http, RosteringClient rostering, CardLookupClient cards, CancellationToken ct,
        Instant? justChecked = null, string? notice = null, string? checkProblem = null)
    {
        var alertsCall = rostering.GetAsync(withResolved ? "/alerts" : "/alerts?open=true", ct);
        var guessingCall = Html.Can(http.User, CersPolicies.Auditing) ? cards.GetAsync("/alerts/card-guessing", ct) : null;
        var alerts = await alertsCall;
        var guessing = guessingCall is null ? null : await guessingCall;
        return Pages.Render<AlertsView>(
            new
            {
                Alerts = alerts.Ok ? alerts.As<List<AlertShown>>() : null,
                AlertsProblem = alerts.Ok ? null : alerts.Problem ?? "Rostering did not answer.",
                WithResolved = withResolved,
                CardGuessing = guessing is { Ok: true } ? guessing.As<List<CardGuessingShown>>() : null,
                CardGuessingProblem = guessing is { Ok: false } ? guessing.Problem ?? "Card lookup did not answer." : null,
                JustChecked = justChecked,
                Notice = notice,
                CheckProblem = checkProblem,
            },
            checkProblem is not null || !alerts.Ok ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK);
    }
}
