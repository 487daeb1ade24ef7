using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Staffing;
using NodaTime;

namespace Cers.Dispatch.Escalation.Activations;

public sealed record WarningSent(int HoursBeforeLimit, Instant LimitAt, Instant SentAt);

public sealed record Escalation(int Repeat, IReadOnlyList<string> Notify, Instant EscalatedAt);

/// <summary>The cover limit of one activation and what has happened about it.</summary>
public sealed record CoverWatch(
    Instant CoverStartedAt,
    string Nation,
    Instant LimitAt,
    int LimitHours,
    IReadOnlyList<LocalDate> BankHolidaysInWindow,
    int Revision,
    IReadOnlyList<WarningSent> Warnings,
    Instant? ReachedAt,
    IReadOnlyList<Escalation> Escalations,
    IReadOnlyList<CoverLimitExtended> Extensions,
    CoverLimitResolved? Resolved)
{
    public bool IsWatching => Resolved is null;

    /// <summary>The limit was passed without longer-term care arranged; this stays true after it is resolved.</summary>
    public bool Breached => ReachedAt is not null || Escalations.Count > 0;
}

/// <summary>Escalation's stream for one activation (stream id = activation id), folded from its events.</summary>
public sealed record ActivationEscalation(
    Guid ActivationId,
    long Version,
    Instant? OpenedAt,
    Instant? StaffingDeadlineAt,
    Instant? WorkerArrivedAt,
    CoverWatch? Cover,
    CoverLimitResolved? Resolution)
{
    public static ActivationEscalation Empty(Guid activationId) => new(activationId, 0, null, null, null, null, null);

    public static ActivationEscalation Fold(Guid activationId, IEnumerable<object> events) =>
        events.Aggregate(Empty(activationId), (state, e) => state.Apply(e));

    public ActivationEscalation Apply(object @event)
    {
        var next = this with { Version = Version + 1 };
        return @event switch
        {
            StaffingDeadlineSet e => next with { OpenedAt = e.OpenedAt, StaffingDeadlineAt = e.DeadlineAt },
            WorkerArrivedOnSite e => next with { WorkerArrivedAt = WorkerArrivedAt ?? e.ArrivedAt },
            CoverLimitSet e => next with
            {
                Cover = new CoverWatch(e.CoverStartedAt, e.Nation, e.LimitAt, e.LimitHours, e.BankHolidaysInWindow, 1, [], null, [], [], null),
            },
            CoverLimitWarningSent e when Cover is { } c => next with
            {
                Cover = c with { Warnings = [.. c.Warnings, new WarningSent(e.HoursBeforeLimit, e.LimitAt, e.SentAt)] },
            },
            CoverLimitReached e when Cover is { } c => next with { Cover = c with { ReachedAt = e.ReachedAt } },
            CoverLimitEscalated e when Cover is { } c => next with
            {
                Cover = c with { Escalations = [.. c.Escalations, new Escalation(e.Repeat, e.Notify, e.EscalatedAt)] },
            },
            CoverLimitExtended e when Cover is { } c => next with
            {
                Cover = c with { LimitAt = e.NewLimitAt, Revision = c.Revision + 1, ReachedAt = null, Extensions = [.. c.Extensions, e] },
            },
            CoverLimitResolved e => next with { Resolution = e, Cover = Cover is { } c ? c with { Resolved = e } : null },
            _ => next,
        };
    }
}
