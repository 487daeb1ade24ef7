using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.CrisisIntake.Activations.GettingActivation;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using FluentValidation.Results;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Deciding;

public sealed record LongerTermCareRequest(string? Arrangement, string? Details, string? ArrangedBy);

public sealed class LongerTermCareValidator : AbstractValidator<LongerTermCareRequest>
{
    public LongerTermCareValidator()
    {
        RuleFor(r => r.Arrangement).OneOf<LongerTermCareRequest, LongerTermArrangement>();
        RuleFor(r => r.ArrangedBy).RequiredText();
        RuleFor(r => r.Details).RequiredText(CoordinatorDecisions.MaxText);
    }
}

public sealed record EndCoverRequest(string? EndedBy, string? Reason);

public sealed class EndCoverValidator : AbstractValidator<EndCoverRequest>
{
    public EndCoverValidator()
    {
        RuleFor(r => r.EndedBy).RequiredText();
        RuleFor(r => r.Reason).RequiredText(CoordinatorDecisions.MaxText);
    }
}

public sealed record ExtendCoverRequest(string? NewLimitAt, string? DecidedBy, string? Reason);

public sealed class ExtendCoverValidator : AbstractValidator<ExtendCoverRequest>
{
    public ExtendCoverValidator(Instant now)
    {
        RuleFor(r => r.NewLimitAt).Must(limit => Parse.Instant(limit) > now)
            .WithMessage("The new limit as an ISO-8601 instant in the future, e.g. 2026-12-01T18:00:00Z.");
        RuleFor(r => r.DecidedBy).RequiredText();
        RuleFor(r => r.Reason).RequiredText(CoordinatorDecisions.MaxText);
    }
}

public sealed record NoteRequest(string? By, string? Text);

public sealed class NoteValidator : AbstractValidator<NoteRequest>
{
    public NoteValidator()
    {
        RuleFor(r => r.By).RequiredText();
        RuleFor(r => r.Text).RequiredText(CoordinatorDecisions.MaxText);
    }
}

public sealed record CloseRequest(string? Outcome, string? ClosedBy, string? Notes);

public sealed class CloseValidator : AbstractValidator<CloseRequest>
{
    public CloseValidator()
    {
        RuleFor(r => r.Outcome).OneOf<CloseRequest, ActivationOutcome>();
        RuleFor(r => r.ClosedBy).RequiredText();
        RuleFor(r => r.Notes).OptionalText(CoordinatorDecisions.MaxText);
    }
}

public sealed record HandoverPackSendingRequest(string? To, string? RecipientName, string? How, string? SentBy);

public sealed class HandoverPackSendingValidator : AbstractValidator<HandoverPackSendingRequest>
{
    public HandoverPackSendingValidator()
    {
        RuleFor(r => r.To).OneOf<HandoverPackSendingRequest, HandoverPackRecipient>();
        RuleFor(r => r.RecipientName).RequiredText();
        RuleFor(r => r.How).OneOf<HandoverPackSendingRequest, HandoverPackDelivery>();
        RuleFor(r => r.SentBy).RequiredText();
    }
}

/// <summary>
/// What a coordinator (or, for an extension, a manager) decides about an open activation. Each decision is an event on
/// the activation; escalation hears about the ones that move or cancel its timers.
/// </summary>
public static class CoordinatorDecisions
{
    internal const int MaxText = 2000;

    private static readonly LongerTermCareValidator LongerTermCare = new();
    private static readonly EndCoverValidator EndingCover = new();
    private static readonly NoteValidator Note = new();
    private static readonly CloseValidator Closing = new();
    private static readonly HandoverPackSendingValidator HandoverPackSending = new();

    public static Task<IResult> ArrangeLongerTermCare(
        Guid id, LongerTermCareRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, LongerTermCare.Validate(request), session, vault, key =>
        {
            var arranged = new LongerTermCareArranged(
                id, Parse.Enum<LongerTermArrangement>(request.Arrangement)!.Value, key.Seal(Parse.Text(request.Details)!), Parse.Text(request.ArrangedBy)!, clock.GetCurrentInstant());
            // Social care or the family take over: the handover pack for them is made ready with the arrangement.
            return [arranged, new HandoverPackPrepared(id, HandoverPackOccasion.LongerTermCareArranged, null, arranged.ArrangedAt)];
        }, ct);

    public static Task<IResult> EndCover(Guid id, EndCoverRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, EndingCover.Validate(request), session, vault, _ => [new CoverEndedEarly(
            id, Parse.Text(request.EndedBy)!, Parse.Text(request.Reason)!, clock.GetCurrentInstant())], ct);

    public static Task<IResult> ExtendCover(
        Guid id, ExtendCoverRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        return DecideAsync(id, new ExtendCoverValidator(now).Validate(request), session, vault, _ => [new CoverExtended(
            id, Parse.Instant(request.NewLimitAt)!.Value, Parse.Text(request.DecidedBy)!, Parse.Text(request.Reason)!, now)], ct);
    }

    public static Task<IResult> RecordNote(Guid id, NoteRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, Note.Validate(request), session, vault, key => [new NoteRecorded(
            id, Parse.Text(request.By)!, key.Seal(Parse.Text(request.Text)!), clock.GetCurrentInstant())], ct);

    public static Task<IResult> Close(Guid id, CloseRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, Closing.Validate(request), session, vault, key => [new ActivationClosed(
            id, Parse.Enum<ActivationOutcome>(request.Outcome)!.Value, Parse.Text(request.ClosedBy)!, key.SealOptional(request.Notes?.Trim()), clock.GetCurrentInstant())], ct);

    /// <summary>The pack is often sent once the activation has closed with longer-term care in place; never once its data is erased.</summary>
    public static Task<IResult> SendHandoverPack(
        Guid id, HandoverPackSendingRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, HandoverPackSending.Validate(request), session, vault, key => [new HandoverPackSent(
            id, Parse.Enum<HandoverPackRecipient>(request.To)!.Value, key.Seal(Parse.Text(request.RecipientName)!),
            Parse.Enum<HandoverPackDelivery>(request.How)!.Value, Parse.Text(request.SentBy)!, clock.GetCurrentInstant())], ct, evenWhenClosed: true);

    /// <summary>
    /// The activation may take another step at the same moment (a worker's YES on the timeline, a further report): the
    /// coordinator's decision is then made again on what is now stored, rather than refused with an error they cannot act on.
    /// </summary>
    private static async Task<IResult> DecideAsync(
        Guid id, ValidationResult request, IDocumentSession session, PersonalDataVault vault, Func<SubjectKey, IReadOnlyList<object>> decide, CancellationToken ct,
        bool evenWhenClosed = false)
    {
        // Checked before the activation is read, so a caller with a bad request and a wrong id hears about the request.
        if (!request.IsValid)
        {
            return request.ToProblem();
        }

        return await StreamConflicts.DecideAgainInNewSessionsAsync(session, deciding => DecideOnceAsync(id, deciding, vault, decide, evenWhenClosed, ct), ct);
    }

    private static async Task<IResult> DecideOnceAsync(
        Guid id, IDocumentSession session, PersonalDataVault vault, Func<SubjectKey, IReadOnlyList<object>> decide, bool evenWhenClosed, CancellationToken ct)
    {
        // Read for writing: the decision's append expects the version read, so two decisions at once cannot both pass the
        // checks below, and the commit's snapshot and the answer's read find the activation in the session.
        var stream = await session.Events.FetchForWriting<Activation>(id, ct);
        if (stream.Aggregate is not { } activation)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        if (activation.PersonalDataShredded)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activation's personal data is erased; nothing was recorded.");
        }

        if (activation.Status == ActivationStatus.Closed && !evenWhenClosed)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activation is closed; nothing was recorded.");
        }

        var decided = decide(await vault.KeyForWritingAsync(session, ActivationPrivacy.Subject(id), ct));
        session.CarryTraceContext();
        stream.AppendMany(decided);
        if (decided.OfType<ActivationClosed>().FirstOrDefault() is { } closed)
        {
            // Once closed, a new report for this carer starts a new activation.
            OpenCardActivation.Forget(session, id, activation.CardNumber, activation.CarerId);
            session.Store(ClosedActivation.At(id, closed.ClosedAt));
        }

        await session.SaveChangesAsync(ct);
        return Results.Ok(ActivationView.From((await session.LoadAsync<Activation>(id, ct))!, await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(id), ct)));
    }
}
