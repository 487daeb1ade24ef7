using System.Security.Claims;
using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Handovers.Listing;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers.Reviewing;

public sealed record ReviewRequest(string? Comment);

/// <summary>
/// POST /handovers/{id}/sign-off and /query: a supervisor reads the notes and signs them off, or asks about them (a
/// comment is required to query). The reviewer is whoever is signed in; the comment is sealed under the activation's key.
/// </summary>
public static class ReviewHandoverSlice
{
    public static Task<IResult> SignOff(
        Guid handoverId, ReviewRequest? request, ClaimsPrincipal user, IDocumentStore store, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var v = new Validation();
        if (request?.Comment is { Length: > 0 } comment)
        {
            v.Required("comment", comment, HandoverDecider.MaxNotesLength);
        }

        return v.Ok
            ? DecideAsync(handoverId, (h, key, now) => HandoverDecider.SignOff(h, Handovers.RecordingNotes.Reviewers.NameOf(user), request?.Comment, key, now), store, vault, clock, cancellationToken)
            : Task.FromResult(ServiceDefaultsExtensions.ValidationProblem(v.Errors));
    }

    public static Task<IResult> Query(
        Guid handoverId, ReviewRequest? request, ClaimsPrincipal user, IDocumentStore store, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var comment = v.Required("comment", request?.Comment, HandoverDecider.MaxNotesLength);
        return v.Ok
            ? DecideAsync(handoverId, (h, key, now) => HandoverDecider.Query(h, Handovers.RecordingNotes.Reviewers.NameOf(user), comment!, key, now), store, vault, clock, cancellationToken)
            : Task.FromResult(ServiceDefaultsExtensions.ValidationProblem(v.Errors));
    }

    private static async Task<IResult> DecideAsync(
        Guid handoverId, Func<Handover, SubjectKey?, Instant, HandoverDecision> decide, IDocumentStore store, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.CarryTraceContext();
        var stream = await session.Events.FetchForWriting<Handover>(handoverId, cancellationToken);
        if (stream.Aggregate is not { } handover)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No handover {handoverId}.");
        }

        var decision = decide(handover, await CommentKeyAsync(session, vault, handover.ActivationId, cancellationToken), clock.GetCurrentInstant());
        if (decision.Event is not { } e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: decision.Refused);
        }

        stream.AppendOne(e);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Someone else reviewed this handover at the same moment; look again.");
        }

        var reviewed = e switch
        {
            HandoverSignedOff s => handover.Apply(s),
            HandoverQueried q => handover.Apply(q),
            _ => handover,
        };
        return Results.Ok(await GetHandoversSlice.ViewAsync(reviewed, session, vault, cancellationToken));
    }

    /// <summary>The activation's key, which seals the comment; null once the activation's personal data is erased.</summary>
    private static async Task<SubjectKey?> CommentKeyAsync(IDocumentSession session, PersonalDataVault vault, Guid activationId, CancellationToken cancellationToken)
    {
        try
        {
            return await vault.KeyForWritingAsync(session, ActivationPrivacy.Subject(activationId), cancellationToken);
        }
        catch (SubjectShreddedException)
        {
            return null;
        }
    }
}
