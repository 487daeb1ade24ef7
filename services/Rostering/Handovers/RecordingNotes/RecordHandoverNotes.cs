using System.Security.Claims;
using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.OnSite;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;

namespace Cers.Dispatch.Rostering.Handovers.RecordingNotes;

public sealed record HandoverNotesRequest(Guid? WorkerId, string? Notes);

/// <summary>
/// POST /dispatches/{activationId}/handover-notes: a coordinator types the notes a worker phoned in. Recorded as the
/// worker's handover, typed by the coordinator (who is named).
/// </summary>
public static class RecordHandoverNotesSlice
{
    public static async Task<IResult> Handle(
        Guid activationId, HandoverNotesRequest request, ClaimsPrincipal user, DispatchDesk desk, PersonalDataVault vault, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (request.WorkerId is null || request.WorkerId == Guid.Empty)
        {
            v.Fail("workerId", "Required: the worker handing over.");
        }

        var notes = v.Required("notes", request.Notes, HandoverDecider.MaxNotesLength);
        if (!v.Ok)
        {
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        var by = Reviewers.NameOf(user);
        return await desk.ExecuteAsync(activationId, async work =>
        {
            if (work.Dispatch is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dispatch for activation {activationId}.");
            }

            var (reply, recorded, key) = await OnSiteCommands.HandOverAsync(work, vault, request.WorkerId!.Value, notes, HandoverVia.Coordinator, by, cancellationToken);
            return recorded is null
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: reply.Text)
                : Results.Created($"/handovers/{recorded.HandoverId}", HandoverView.From(Handover.Create(recorded), new Dictionary<Guid, SubjectKey> { [key!.KeyId] = key }));
        }, cancellationToken);
    }
}

public static class Reviewers
{
    /// <summary>Who is acting, as their token names them; every token CersTokens mints carries a name.</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name : user.FindFirst("sub")?.Value ?? "unknown";
}
