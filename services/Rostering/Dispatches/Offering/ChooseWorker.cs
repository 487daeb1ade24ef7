using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

public sealed record ChooseWorkerRequest(Guid? WorkerId, string? By);

public sealed class ChooseWorkerValidator : AbstractValidator<ChooseWorkerRequest>
{
    public ChooseWorkerValidator()
    {
        RuleFor(r => r.By).RequiredText();
        RuleFor(r => r.WorkerId).NotNull().WithMessage("Required: the care worker to offer to.");
    }
}

/// <summary>
/// POST /dispatches/{activationId}/offers: the coordinator overrides the ranking and offers to a worker of their choosing.
/// An open offer to someone else is withdrawn first. The coordinator's choice is recorded with the ranking's reasons. At a
/// handover, before anyone has accepted to take over, it chooses who takes over.
/// </summary>
public static class ChooseWorkerSlice
{
    private static readonly ChooseWorkerValidator Validator = new();

    public static async Task<IResult> Handle(Guid activationId, ChooseWorkerRequest request, DispatchDesk desk, IQuerySession query, CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        if (await query.LoadAsync<StaffMember>(request.WorkerId!.Value, cancellationToken) is not { Role: StaffRoles.CareWorker, Active: true } worker)
        {
            return Validated.Problem("workerId", "Not an active care worker.");
        }

        var by = Parse.Text(request.By)!;
        return await desk.ExecuteAsync(activationId, async work =>
        {
            if (work.Dispatch is not { } dispatch)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dispatch for activation {activationId}.");
            }

            if (dispatch.ClosedAt is not null)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This activation is closed.");
            }

            // During a handover the coordinator may choose who takes over, as for the first worker.
            if (!dispatch.IsSeeking())
            {
                var accepted = dispatch.Handover?.IncomingWorkerId ?? dispatch.AcceptedWorkerId;
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Worker {accepted} has already accepted this activation.");
            }

            if (dispatch.OpenOffers().Any(o => o.WorkerId == worker.Id))
            {
                return Results.Ok(DispatchView.From(dispatch, null));
            }

            // Room for the coordinator's choice: the newest offer goes when as many are open as the places want.
            if (dispatch.OpenOffers() is { Count: > 0 } open && open.Count >= dispatch.OffersWanted(desk.Options.SpareOffersWhenSeveralNeeded))
            {
                work.Record(OfferDecider.Expire(dispatch, open[^1].OfferId, "withdrawn", work.Now));
            }

            // Read inside the decision: a claim another decision stores after this read makes this one conflict and run again.
            var claim = await work.Session.LoadAsync<WorkerClaim>(worker.Id, cancellationToken);
            if (claim is not null && claim.ActivationId != activationId)
            {
                return Validated.Problem("workerId", BusyElsewhere(worker, claim));
            }

            if (claim is { IsCommitted: true })
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"{worker.Name} is covering this activation already.");
            }

            await desk.MoveOnAsync(work, cancellationToken, worker, by);
            return Results.Ok(DispatchView.From(work.Dispatch!, null));
        }, cancellationToken);
    }

    private static string BusyElsewhere(StaffMember worker, WorkerClaim busy) => busy.IsCommitted
        ? $"{worker.Name} is committed to activation {busy.ActivationId}."
        : $"{worker.Name} is being asked for activation {busy.ActivationId}; choose her there once that offer is answered or withdrawn.";
}
