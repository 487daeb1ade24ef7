using NodaTime;

namespace Cers.Dispatch.Escalation.Timers;

/// <summary>A timer waiting for its due time, as the store holds it (to the microsecond, as PostgreSQL keeps time).</summary>
public sealed record DurableTimer(Guid TimerId, Guid ActivationId, string Kind, Instant DueAt, string? Target)
{
    public Instant DueAt { get; init; } = StoredPrecision(DueAt);

    public static Instant StoredPrecision(Instant instant) =>
        Instant.FromUnixTimeTicks(instant.ToUnixTimeTicks() - (((instant.ToUnixTimeTicks() % 10) + 10) % 10));
}

public sealed record TimerScheduled(Guid ActivationId, Guid TimerId, string Kind, Instant DueAt, string? Target, Instant ScheduledAt);

public sealed record TimerCancelled(Guid ActivationId, Guid TimerId, string Kind, string Reason, Instant CancelledAt);

public sealed record TimerFired(Guid ActivationId, Guid TimerId, string Kind, Instant DueAt, string? Target, Instant FiredAt);
