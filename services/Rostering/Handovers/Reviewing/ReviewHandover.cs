using System.Security.Claims;
using Cers.Dispatch.Rostering.Handovers.Listing;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers.Reviewing;

public sealed record ReviewRequest(string? Comment);

/// <summary>A sign-off's comment is optional, but one that is sent must be text.</summary>
public sealed class SignOffValidator : AbstractValidator<ReviewRequest>
{
    public SignOffValidator() =>
        RuleFor(r => r.Comment).RequiredText(HandoverDecider.MaxNotesLength).When(r => r.Comment is { Length: > 0 });
}

/// <summary>A query says what is being asked.</summary>
public sealed class QueryValidator : AbstractValidator<ReviewRequest>
{
    public QueryValidator() => RuleFor(r => r.Comment).RequiredText(HandoverDecider.MaxNotesLength);
}

/// <summary>
/// POST /handovers/{id}/sign-off and /query: a supervisor reads the notes and signs them off, or asks about them (a
/// comment is required to query). The reviewer is whoever is signed in; the comment is sealed under the activation's key.
/// </summary>
public static class ReviewHandoverSlice
{
    private static readonly SignOffValidator SignOffs = new();
    private static readonly QueryValidator Queries = new();

    public static Task<IResult> SignOff(
        Guid handoverId, ReviewRequest? request, ClaimsPrincipal user, IDocumentStore store, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var review = request ?? new ReviewRequest(null);
        return SignOffs.Validate(review) is { IsValid: false } invalid
            ? Task.FromResult(invalid.ToProblem())
            : DecideAsync(handoverId, (h, key, now) => HandoverDecider.SignOff(h, Handovers.RecordingNotes.Reviewers.NameOf(user), review.Comment, key, now), store, vault, clock, cancellationToken);
    }

    public static Task<IResult> Query(
        Guid handoverId, ReviewRequest? request, ClaimsPrincipal user, IDocumentStore store, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var review = request ?? new ReviewRequest(null);
        return Queries.Validate(review) is { IsValid: false } invalid
            ? Task.FromResult(invalid.ToProblem())
            : DecideAsync(handoverId, (h, key, now) => HandoverDecider.Query(h, Handovers.RecordingNotes.Reviewers.NameOf(user), Parse.Text(review.Comment)!, key, now), store, vault, clock, cancellationToken);
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
        catch (Exception ex) when (StreamConflicts.IsStreamMovedOn(ex))
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
