using System.Security.Claims;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Staff.Deactivating;

public sealed record DeactivateStaffRequest(string? Reason);

public sealed class DeactivateStaffValidator : AbstractValidator<DeactivateStaffRequest>
{
    public DeactivateStaffValidator() => RuleFor(r => r.Reason).RequiredText(500);
}

/// <summary>
/// POST /staff/{id}/deactivate: the person is taken off duty. They are never ranked or offered again until reactivated,
/// and an offer waiting for their reply is closed (worker-deactivated) so the activation moves on to the next worker.
/// </summary>
public static class DeactivateStaffSlice
{
    public const string OfferClosedWhy = "worker-deactivated";

    private static readonly DeactivateStaffValidator Validator = new();

    /// <summary>Deactivating someone already inactive changes nothing (a repeated click keeps the first reason).</summary>
    public static IReadOnlyList<object> Decide(StaffMember member, string reason, string by, Instant now) =>
        member.Active ? [new StaffDeactivated(member.Id, by, reason, now)] : [];

    public static async Task<IResult> Handle(
        Guid id, DeactivateStaffRequest? request, ClaimsPrincipal user, IDocumentStore store, DispatchDesk desk, IClock clock, CancellationToken cancellationToken)
    {
        var deactivation = request ?? new DeactivateStaffRequest(null);
        if (Validator.Validate(deactivation) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var member = await StaffChanges.StoreAsync<StaffDeactivated>(store, id,
            m => Decide(m, Parse.Text(deactivation.Reason)!, Caller.NameOf(user), clock.GetCurrentInstant()), (m, e) => m.Apply(e), cancellationToken);
        if (member is null)
        {
            return StaffChanges.NoSuchMember(id);
        }

        // Also when they were already inactive: a retry after a failure here still moves their offers on.
        await using var query = store.QuerySession();
        await MoveOnFromOpenOffersAsync(query, desk, member.Id, cancellationToken);
        return Results.Ok(member);
    }

    private static async Task MoveOnFromOpenOffersAsync(IQuerySession session, DispatchDesk desk, Guid workerId, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<WorkerClaim>(workerId, cancellationToken) is { State: WorkerClaimState.Asked } open)
        {
            await desk.ExecuteAsync(open.ActivationId, async work =>
            {
                if (work.Dispatch is not { } dispatch)
                {
                    return false;
                }

                var closed = OfferDecider.Expire(dispatch, open.OfferId, OfferClosedWhy, work.Now);
                work.Record(closed);
                if (closed.Count > 0)
                {
                    await desk.MoveOnAsync(work, cancellationToken);
                }

                return true;
            }, cancellationToken);
        }
    }
}
