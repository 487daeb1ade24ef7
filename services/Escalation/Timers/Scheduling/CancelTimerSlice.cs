using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Scheduling;

/// <summary>DELETE /timers/{id}, or CancelTimer on the bus: a pending timer stops; one that fired or was cancelled stays as it is.</summary>
public static class CancelTimerSlice
{
    public static EscalationDecision? Decide(TimerRecord? existing, string reason) =>
        existing is { FiredAt: null, CancelledAt: null } ? new EscalationDecision([], [], [existing.Timer], reason) : null;

    public static Task<IResult> Handle(Guid id, IDocumentSession session, TimerStore timers, IClock clock, CancellationToken cancellationToken) =>
        StreamConflicts.DecideAgainOnConflictAsync(session, async () =>
        {
            var existing = await timers.FindAsync(id, cancellationToken);
            if (existing is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No timer {id}.");
            }

            if (Decide(existing, "cancelled over HTTP") is { } decision)
            {
                EscalationStream.Record(session, timers, null, existing.Timer.ActivationId, decision, clock.GetCurrentInstant());
                await session.SaveChangesAsync(cancellationToken);
            }

            return Results.NoContent();
        }, cancellationToken);
}
