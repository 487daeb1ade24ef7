using Cers.Dispatch.Rostering.Dispatches;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks.Opening;

/// <summary>A link that still works, with its dispatch; or the problem to answer (404 unknown, 410 no longer valid).</summary>
public sealed record FoundPlanLink(PlanLink? Link, StaffDispatch? Dispatch, IResult? Problem);

public static class PlanLinkLookup
{
    public static async Task<FoundPlanLink> FindAsync(IQuerySession session, string token, Instant now, CancellationToken cancellationToken)
    {
        var hash = PlanLinkTokens.LooksLikeToken(token) ? PlanLinkTokens.Hash(token) : null;
        var link = hash is null ? null : await session.Query<PlanLink>().FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        if (link is null)
        {
            return new FoundPlanLink(null, null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such plan link."));
        }

        var dispatch = await session.LoadAsync<StaffDispatch>(link.ActivationId, cancellationToken);
        var why = link.EndedWhy switch
        {
            "worker-left" => "you texted LEFT",
            "activation-closed" => "the call was closed",
            _ when dispatch?.ClosedAt is not null => "the call was closed",
            _ when now >= link.ExpiresAt => $"it works for {(link.ExpiresAt - link.IssuedAt).TotalHours:0} hours",
            _ => null,
        };
        return why is null && dispatch is not null
            ? new FoundPlanLink(link, dispatch, null)
            : new FoundPlanLink(link, dispatch, Results.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "This plan link no longer works.",
                detail: $"It stopped because {why ?? "the call is not known"}. Phone the coordinator if you still need the plan."));
    }

    public static string CoverStateOf(StaffDispatch dispatch, Guid workerId) =>
        dispatch.OnSite.Contains(workerId) ? "on-site"
        : dispatch.HoldsAPlace(workerId) ? "accepted"
        : "ended";
}
