using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.OnSite;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.PlanLinks.Opening;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks.Acting;

public sealed record PlanLinkNotesRequest(string? Notes);

public sealed class PlanLinkNotesValidator : AbstractValidator<PlanLinkNotesRequest>
{
    public PlanLinkNotesValidator() => RuleFor(r => r.Notes).RequiredText(HandoverDecider.MaxNotesLength);
}

/// <summary>What the worker is told after pressing a button, as an SMS reply would tell them.</summary>
public sealed record PlanLinkActionResult(string Message, bool Changed, string CoverState, Guid? HandoverId = null);

/// <summary>
/// POST /plan-links/{token}/arrived, /left, /handover-notes: the buttons on the plan page, with the same effect as texting
/// ARRIVED, LEFT or HANDOVER notes. The token is the credential and names the worker.
/// </summary>
public static class ActOnPlanLinkSlice
{
    private static readonly PlanLinkNotesValidator NotesValidator = new();

    public static Task<IResult> Arrived(string token, DispatchDesk desk, IDocumentStore store, IClock clock, CancellationToken cancellationToken) =>
        ActAsync(token, desk, store, clock, (work, link) => Task.FromResult((OnSiteCommands.Arrive(work, link.WorkerId), (Guid?)null)), cancellationToken);

    public static Task<IResult> Left(string token, DispatchDesk desk, IDocumentStore store, IClock clock, CancellationToken cancellationToken) =>
        ActAsync(token, desk, store, clock, async (work, link) => (await OnSiteCommands.LeaveAsync(work, link.WorkerId, cancellationToken), (Guid?)null), cancellationToken);

    public static async Task<IResult> HandoverNotes(
        string token,
        PlanLinkNotesRequest request,
        DispatchDesk desk,
        IDocumentStore store,
        PersonalDataVault vault,
        IClock clock,
        CancellationToken cancellationToken)
    {
        if (NotesValidator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var notes = Parse.Text(request.Notes)!;
        return await ActAsync(token, desk, store, clock, async (work, link) =>
        {
            var (reply, recorded, _) = await OnSiteCommands.HandOverAsync(work, vault, link.WorkerId, notes, HandoverVia.PlanLink, link.WorkerName, cancellationToken);
            return (reply, recorded?.HandoverId);
        }, cancellationToken, refusedWithoutChange: true);
    }

    private static async Task<IResult> ActAsync(
        string token,
        DispatchDesk desk,
        IDocumentStore store,
        IClock clock,
        Func<DispatchWork, PlanLink, Task<(Reply Reply, Guid? HandoverId)>> act,
        CancellationToken cancellationToken,
        bool refusedWithoutChange = false)
    {
        FoundPlanLink found;
        await using (var query = store.QuerySession())
        {
            found = await PlanLinkLookup.FindAsync(query, token, clock.GetCurrentInstant(), cancellationToken);
        }

        if (found is not { Link: { } link, Problem: null })
        {
            return found.Problem!;
        }

        return await desk.ExecuteAsync(link.ActivationId, async work =>
        {
            var (reply, handoverId) = await act(work, link);
            work.Record(reply.Events);
            if (reply.MoveOn)
            {
                await desk.MoveOnAsync(work, cancellationToken);
            }

            if (refusedWithoutChange && handoverId is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: reply.Text);
            }

            return Results.Ok(new PlanLinkActionResult(
                reply.Text, reply.Events.Count > 0 || handoverId is not null, PlanLinkLookup.CoverStateOf(work.Dispatch!, link.WorkerId), handoverId));
        }, cancellationToken);
    }
}
