using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.CrisisIntake.Activations.GettingActivation;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx;
using JasperFx.Events;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.Activations.Deciding;

public sealed record LongerTermCareRequest(string? Arrangement, string? Details, string? ArrangedBy);

public sealed record EndCoverRequest(string? EndedBy, string? Reason);

public sealed record ExtendCoverRequest(string? NewLimitAt, string? DecidedBy, string? Reason);

public sealed record NoteRequest(string? By, string? Text);

public sealed record CloseRequest(string? Outcome, string? ClosedBy, string? Notes);

/// <summary>
/// What a coordinator (or, for an extension, a manager) decides about an open activation. Each decision is an event on
/// the activation; escalation hears about the ones that move or cancel its timers.
/// </summary>
public static class CoordinatorDecisions
{
    private const int MaxText = 2000;

    public static Task<IResult> ArrangeLongerTermCare(
        Guid id, LongerTermCareRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, vault, (errors, key) =>
        {
            var arrangement = Field.OneOf<LongerTermArrangement>(errors, "arrangement", request.Arrangement);
            Field.Required(errors, "arrangedBy", request.ArrangedBy, 200);
            Field.Required(errors, "details", request.Details, MaxText);
            return errors.Count > 0 ? null : new LongerTermCareArranged(id, arrangement, key.Seal(request.Details!.Trim()), request.ArrangedBy!.Trim(), clock.GetCurrentInstant());
        }, ct);

    public static Task<IResult> EndCover(Guid id, EndCoverRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, vault, (errors, _) =>
        {
            Field.Required(errors, "endedBy", request.EndedBy, 200);
            Field.Required(errors, "reason", request.Reason, MaxText);
            return errors.Count > 0 ? null : new CoverEndedEarly(id, request.EndedBy!.Trim(), request.Reason!.Trim(), clock.GetCurrentInstant());
        }, ct);

    public static Task<IResult> ExtendCover(
        Guid id, ExtendCoverRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, vault, (errors, _) =>
        {
            Field.Required(errors, "decidedBy", request.DecidedBy, 200);
            Field.Required(errors, "reason", request.Reason, MaxText);
            var now = clock.GetCurrentInstant();
            var newLimit = request.NewLimitAt is null ? null : InstantPattern.ExtendedIso.Parse(request.NewLimitAt);
            if (newLimit is not { Success: true } || newLimit.Value <= now)
            {
                errors["newLimitAt"] = ["The new limit as an ISO-8601 instant in the future, e.g. 2026-12-01T18:00:00Z."];
            }

            return errors.Count > 0 ? null : new CoverExtended(id, newLimit!.Value, request.DecidedBy!.Trim(), request.Reason!.Trim(), now);
        }, ct);

    public static Task<IResult> RecordNote(Guid id, NoteRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, vault, (errors, key) =>
        {
            Field.Required(errors, "by", request.By, 200);
            Field.Required(errors, "text", request.Text, MaxText);
            return errors.Count > 0 ? null : new NoteRecorded(id, request.By!.Trim(), key.Seal(request.Text!.Trim()), clock.GetCurrentInstant());
        }, ct);

    public static Task<IResult> Close(Guid id, CloseRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, vault, (errors, key) =>
        {
            var outcome = Field.OneOf<ActivationOutcome>(errors, "outcome", request.Outcome);
            Field.Required(errors, "closedBy", request.ClosedBy, 200);
            Field.Optional(errors, "notes", request.Notes, MaxText);
            return errors.Count > 0 ? null : new ActivationClosed(id, outcome, request.ClosedBy!.Trim(), key.SealOptional(request.Notes?.Trim()), clock.GetCurrentInstant());
        }, ct);

    /// <summary>
    /// The activation may take another step at the same moment (a worker's YES on the timeline, a further report): the
    /// coordinator's decision is then made again on what is now stored, rather than refused with an error they cannot act on.
    /// </summary>
    private static async Task<IResult> DecideAsync(
        Guid id, IDocumentSession session, PersonalDataVault vault, Func<Dictionary<string, string[]>, SubjectKey, object?> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DecideOnceAsync(id, session, vault, decide, ct);
            }
            catch (Exception e) when (e is EventStreamUnexpectedMaxEventIdException or ConcurrencyException && attempt < 10)
            {
                session.EjectAllPendingChanges();
                // Apart, so decisions that met do not meet again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40) * attempt), ct);
            }
        }
    }

    private static async Task<IResult> DecideOnceAsync(
        Guid id, IDocumentSession session, PersonalDataVault vault, Func<Dictionary<string, string[]>, SubjectKey, object?> decide, CancellationToken ct)
    {
        var activation = await session.LoadAsync<Activation>(id, ct);
        var errors = new Dictionary<string, string[]>();
        if (activation is null)
        {
            // Validate first all the same, so a caller with a bad request and a wrong id hears about the request.
            return decide(errors, SubjectKey.Generate(ActivationPrivacy.Subject(id))) is null
                ? ServiceDefaultsExtensions.ValidationProblem(errors)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        if (activation.Status == ActivationStatus.Closed || activation.PersonalDataShredded)
        {
            return decide(errors, SubjectKey.Generate(ActivationPrivacy.Subject(id))) is null
                ? ServiceDefaultsExtensions.ValidationProblem(errors)
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activation is closed; nothing was recorded.");
        }

        var decision = decide(errors, await vault.KeyForWritingAsync(session, ActivationPrivacy.Subject(id), ct));
        if (decision is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        session.CarryTraceContext().Events.Append(id, decision);
        if (decision is ActivationClosed)
        {
            // Once closed, a new report for this carer starts a new activation.
            await OpenCardActivation.ForgetAsync(session, id, activation.CardNumber, activation.CarerId, ct);
        }

        if (decision is ActivationClosed closed)
        {
            session.Store(ClosedActivation.At(id, closed.ClosedAt));
        }

        await session.SaveChangesAsync(ct);
        return Results.Ok(ActivationView.From((await session.LoadAsync<Activation>(id, ct))!, await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(id), ct)));
    }
}
