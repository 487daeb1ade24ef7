using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits.Getting;
using Cers.Dispatch.ServiceDefaults;
using Marten;

namespace Cers.Dispatch.Escalation.Timers.Listing;

public sealed record PendingTimers(Guid ActivationId, IReadOnlyList<PendingTimerView> Timers, CoverLimitView? CoverLimit);

public sealed record PendingTimerView(Guid TimerId, string Kind, string? Target, NodaTime.Instant DueAt, string DueAtLondon);

/// <summary>GET /timers?activation={id}: what is pending for an activation and when, in UTC and Europe/London.</summary>
public static class ListTimersSlice
{
    public static async Task<IResult> Handle(string? activation, IQuerySession session, TimerStore timers, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(activation, out var activationId) || activationId == Guid.Empty)
        {
            return ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]>
            {
                ["activation"] = ["The activation id (a GUID) is required, e.g. /timers?activation=0193…"],
            });
        }

        var pending = await timers.PendingAsync(activationId, cancellationToken);
        var state = await EscalationStream.LoadAsync(session, activationId, cancellationToken);
        return Results.Ok(new PendingTimers(
            activationId,
            pending.Select(t => new PendingTimerView(t.TimerId, t.Kind, t.Target, t.DueAt, LondonTime.Stamp(t.DueAt))).ToList(),
            CoverLimitView.From(state)));
    }

    public static async Task<IResult> One(Guid id, TimerStore timers, CancellationToken cancellationToken) =>
        await timers.FindAsync(id, cancellationToken) is { } record
            ? Results.Ok(TimerView.From(record))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No timer {id}.");
}
