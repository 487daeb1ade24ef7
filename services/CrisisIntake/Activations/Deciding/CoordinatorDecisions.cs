using Cers.Dispatch.ServiceDefaults;
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

    public static Task<IResult> ArrangeLongerTermCare(Guid id, LongerTermCareRequest request, IDocumentSession session, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, errors =>
        {
            var arrangement = Field.OneOf<LongerTermArrangement>(errors, "arrangement", request.Arrangement);
            Field.Required(errors, "arrangedBy", request.ArrangedBy, 200);
            Field.Required(errors, "details", request.Details, MaxText);
            return errors.Count > 0 ? null : new LongerTermCareArranged(id, arrangement, request.Details!.Trim(), request.ArrangedBy!.Trim(), clock.GetCurrentInstant());
        }, ct);

    public static Task<IResult> EndCover(Guid id, EndCoverRequest request, IDocumentSession session, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, errors =>
        {
            Field.Required(errors, "endedBy", request.EndedBy, 200);
            Field.Required(errors, "reason", request.Reason, MaxText);
            return errors.Count > 0 ? null : new CoverEndedEarly(id, request.EndedBy!.Trim(), request.Reason!.Trim(), clock.GetCurrentInstant());
        }, ct);

    public static Task<IResult> ExtendCover(Guid id, ExtendCoverRequest request, IDocumentSession session, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, errors =>
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

    public static Task<IResult> RecordNote(Guid id, NoteRequest request, IDocumentSession session, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, errors =>
        {
            Field.Required(errors, "by", request.By, 200);
            Field.Required(errors, "text", request.Text, MaxText);
            return errors.Count > 0 ? null : new NoteRecorded(id, request.By!.Trim(), request.Text!.Trim(), clock.GetCurrentInstant());
        }, ct);

    public static Task<IResult> Close(Guid id, CloseRequest request, IDocumentSession session, IClock clock, CancellationToken ct) =>
        DecideAsync(id, session, errors =>
        {
            var outcome = Field.OneOf<ActivationOutcome>(errors, "outcome", request.Outcome);
            Field.Required(errors, "closedBy", request.ClosedBy, 200);
            Field.Optional(errors, "notes", request.Notes, MaxText);
            return errors.Count > 0 ? null : new ActivationClosed(id, outcome, request.ClosedBy!.Trim(), request.Notes?.Trim(), clock.GetCurrentInstant());
        }, ct);

    private static async Task<IResult> DecideAsync(Guid id, IDocumentSession session, Func<Dictionary<string, string[]>, object?> decide, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var decision = decide(errors);
        if (decision is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var activation = await session.LoadAsync<Activation>(id, ct);
        if (activation is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        if (activation.Status == ActivationStatus.Closed)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activation is closed; nothing was recorded.");
        }

        session.CarryTraceContext().Events.Append(id, decision);
        if (decision is ActivationClosed && activation.CardNumber is { } card)
        {
            // Once closed, a new report for this card starts a new activation.
            var open = await session.LoadAsync<OpenCardActivation>(card, ct);
            if (open?.ActivationId == id)
            {
                session.Delete(open);
            }
        }

        await session.SaveChangesAsync(ct);
        return Results.Ok(await session.LoadAsync<Activation>(id, ct));
    }
}
