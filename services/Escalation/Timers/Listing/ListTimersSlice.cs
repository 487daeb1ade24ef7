using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits.Getting;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;

namespace Cers.Dispatch.Escalation.Timers.Listing;

public sealed record PendingTimers(Guid ActivationId, IReadOnlyList<PendingTimerView> Timers, CoverLimitView? CoverLimit);

public sealed record PendingTimerView(Guid TimerId, string Kind, string? Target, NodaTime.Instant DueAt, string DueAtLondon);

/// <summary>The query string: <c>activation</c> is the id of the activation whose timers are wanted.</summary>
public sealed record ListTimersQuery(string? Activation);

public sealed class ListTimersQueryValidator : AbstractValidator<ListTimersQuery>
{
    public ListTimersQueryValidator() =>
        RuleFor(q => q.Activation).Must(activation => ListTimersSlice.ActivationId(activation) is not null)
            .WithMessage("The activation id (a GUID) is required, e.g. /timers?activation=0193…");
}

/// <summary>GET /timers?activation={id}: what is pending for an activation and when, in UTC and Europe/London.</summary>
public static class ListTimersSlice
{
    private static readonly ListTimersQueryValidator Validator = new();

    public static async Task<IResult> Handle(string? activation, IQuerySession session, TimerStore timers, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new ListTimersQuery(activation)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var activationId = ActivationId(activation)!.Value;
        var pending = await timers.PendingAsync(activationId, cancellationToken);
        var state = await EscalationStream.LoadAsync(session, activationId, cancellationToken);
        return Results.Ok(new PendingTimers(
            activationId,
            pending.Select(t => new PendingTimerView(t.TimerId, t.Kind, t.Target, t.DueAt, LondonTime.Stamp(t.DueAt))).ToList(),
            CoverLimitView.From(state)));
    }

    internal static Guid? ActivationId(string? activation) =>
        Guid.TryParse(activation, out var id) && id != Guid.Empty ? id : null;

    public static async Task<IResult> One(Guid id, TimerStore timers, CancellationToken cancellationToken) =>
        await timers.FindAsync(id, cancellationToken) is { } record
            ? Results.Ok(TimerView.From(record))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No timer {id}.");
}
