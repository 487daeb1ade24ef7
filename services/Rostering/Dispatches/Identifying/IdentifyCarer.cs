using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.ServiceDefaults;
using Marten;

namespace Cers.Dispatch.Rostering.Dispatches.Identifying;

public sealed record IdentifyCarerRequest(Guid? CarerId, string? By);

/// <summary>POST /dispatches/{activationId}/carer: a coordinator says whose plan to staff when the card was not identified.</summary>
public static class IdentifyCarerSlice
{
    public static async Task<IResult> Handle(Guid activationId, IdentifyCarerRequest request, DispatchDesk desk, IQuerySession query, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (request.CarerId is null || request.CarerId == Guid.Empty)
        {
            v.Fail("carerId", "The carer's id from card lookup.");
        }

        var by = v.Required("by", request.By);
        if (v.Ok && await query.LoadAsync<CarerNeeds>(request.CarerId!.Value, cancellationToken) is null)
        {
            v.Fail("carerId", "No emergency plan is known for this carer.");
        }

        if (!v.Ok)
        {
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        return await desk.ExecuteAsync(activationId, async work =>
        {
            if (work.Dispatch is not { } dispatch)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dispatch for activation {activationId}.");
            }

            if (dispatch.CarerId is { } known)
            {
                return known == request.CarerId
                    ? Results.Ok(DispatchView.From(dispatch, null))
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"This activation is already for carer {known}.");
            }

            var needs = await work.Session.LoadAsync<CarerNeeds>(request.CarerId!.Value, cancellationToken);
            work.Record([new CarerIdentified(activationId, request.CarerId!.Value, null, needs?.Nation, needs?.Area, by!, work.Now)]);
            await desk.MoveOnAsync(work, cancellationToken);
            return Results.Ok(DispatchView.From(work.Dispatch!, null));
        }, cancellationToken);
    }
}
