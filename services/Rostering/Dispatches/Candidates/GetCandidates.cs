using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Candidates;

public sealed record CandidatesView(
    Guid ActivationId,
    Instant At,
    IReadOnlyList<string> RequiredSkills,
    string? Area,
    Instant? VisitUntil,
    IReadOnlyList<RankedCandidate> Ranked,
    IReadOnlyList<ExcludedCandidate> Excluded,
    string? Note);

/// <summary>GET /dispatches/{activationId}/candidates: the ranking as it stands now, with the reasons for every place.</summary>
public static class GetCandidatesSlice
{
    public static async Task<IResult> Handle(Guid activationId, IQuerySession session, IClock clock, IOptions<OfferOptions> options, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<StaffDispatch>(activationId, cancellationToken) is not { } dispatch)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dispatch for activation {activationId}.");
        }

        var now = clock.GetCurrentInstant();
        var search = await CandidateSearch.RunAsync(session, dispatch, now, options.Value, [], cancellationToken);
        var note = dispatch.CarerId is null
            ? "The carer is not identified yet: identify them (POST /dispatches/{id}/carer) to rank workers."
            : search.Needs is null ? "No emergency plan is known for this carer yet." : null;
        return Results.Ok(new CandidatesView(
            activationId, now, search.Needs?.RequiredSkills ?? [], dispatch.Area ?? search.Needs?.Area, search.ActivationNeeds?.VisitTo,
            search.Ranking.Ranked, search.Ranking.Excluded, note));
    }
}
