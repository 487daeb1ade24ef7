using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Listing;

public sealed record TimerView(
    Guid TimerId,
    Guid ActivationId,
    string Kind,
    string? Target,
    Instant DueAt,
    string DueAtLondon,
    string State,
    Instant ScheduledAt,
    Instant? FiredAt,
    Instant? CancelledAt)
{
    public static TimerView From(TimerRecord record) => new(
        record.Timer.TimerId,
        record.Timer.ActivationId,
        record.Timer.Kind,
        record.Timer.Target,
        record.Timer.DueAt,
        LondonTime.Stamp(record.Timer.DueAt),
        record.FiredAt is not null ? "fired" : record.CancelledAt is not null ? "cancelled" : "pending",
        record.ScheduledAt,
        record.FiredAt,
        record.CancelledAt);

    public static TimerView Pending(DurableTimer timer) => new(
        timer.TimerId, timer.ActivationId, timer.Kind, timer.Target, timer.DueAt, LondonTime.Stamp(timer.DueAt), "pending", default, null, null);
}
