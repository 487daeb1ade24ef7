using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using NodaTime;

namespace Cers.Dispatch.Console.Readiness;

public sealed record ReadinessProblemShown(string Kind, Instant From, bool Now, string What, string Fix);

public sealed record CardReadinessShown(
    Guid CarerId, string? CardNumber, string? Area, string State, Instant? RedFrom, IReadOnlyList<ReadinessProblemShown> Problems, bool Paged, Instant? AssessedAt);

public sealed record ReadinessListShown(int Red, int Amber, string State, IReadOnlyList<CardReadinessShown> Cards);

/// <summary>
/// GET /readiness: the cards that could not be served tonight (red) or will not be within the week (amber), soonest
/// first, each with what is wrong and what would fix it, before anyone phones. An administrator can check every card now.
/// </summary>
public static class ReadinessPage
{
    public static async Task<IResult> Show(string? state, string? done, HttpContext http, RosteringClient rostering, CancellationToken ct)
    {
        var amber = state == "amber";
        var answer = await rostering.GetAsync(amber ? "/readiness?state=amber" : "/readiness?state=red", ct);
        return Pages.Render<ReadinessView>(
            new
            {
                List = answer.Ok ? answer.As<ReadinessListShown>() : null,
                ListProblem = answer.Ok ? null : answer.Problem ?? "Rostering did not answer.",
                Amber = amber,
                Notice = done == "checked" ? "Every card was checked against the rota now." : null,
            },
            answer.Ok ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway);
    }

    public static async Task<IResult> CheckNow(RosteringClient rostering, CancellationToken ct)
    {
        var answer = await rostering.PostAsync("/readiness/reassess", new { }, ct);
        return answer.Ok
            ? Results.Redirect("/readiness?done=checked")
            : Pages.Render<ReadinessView>(
                new { ListProblem = $"The check did not run. {answer.Problem ?? "Rostering did not answer."}" }, StatusCodes.Status502BadGateway);
    }
}
