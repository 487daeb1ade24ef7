using System.Security.Claims;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.OnSite;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;

namespace Cers.Dispatch.Rostering.Handovers.RecordingNotes;

public sealed record HandoverNotesRequest(Guid? WorkerId, string? Notes);

public sealed class HandoverNotesValidator : AbstractValidator<HandoverNotesRequest>
{
    public HandoverNotesValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => id is { } worker && worker != Guid.Empty).WithMessage("Required: the worker handing over.");
        RuleFor(r => r.Notes).RequiredText(HandoverDecider.MaxNotesLength);
    }
}

/// <summary>
/// POST /dispatches/{activationId}/handover-notes: a coordinator types the notes a worker phoned in. Recorded as the
/// worker's handover, typed by the coordinator (who is named).
/// </summary>
public static class RecordHandoverNotesSlice
{
    private static readonly HandoverNotesValidator Validator = new();

    public static async Task<IResult> Handle(
        Guid activationId, HandoverNotesRequest request, ClaimsPrincipal user, DispatchDesk desk, PersonalDataVault vault, CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var notes = Parse.Text(request.Notes)!;
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
