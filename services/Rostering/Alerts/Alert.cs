using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alerts;

/// <summary>One problem the duty manager was (or is to be) told about, folded from its stream (id from its key).</summary>
public sealed record Alert(
    Guid Id,
    string Kind,
    string Key,
    string Summary,
    Guid? StaffId,
    Guid? RotationId,
    Instant? GapFrom,
    Instant? GapTo,
    LocalDate? ExpiresOn,
    Instant RaisedAt)
{
    /// <summary>A timer lags a little: a daily reminder must not slip a whole day for the sake of a minute.</summary>
    public static readonly Duration ReminderTolerance = Duration.FromMinutes(15);

    public bool Open { get; init; } = true;

    public Instant? LastNotifiedAt { get; init; }

    public IReadOnlyList<AlertRecipient> LastNotifiedTo { get => field ?? []; init; } = [];

    public int TimesNotified { get; init; }

    /// <summary>Why the last attempt to text it failed; cleared when a text goes out.</summary>
    public string? LastFailure { get; init; }

    public Instant? ResolvedAt { get; init; }

    public string? ResolvedWhy { get; init; }

    public static Guid IdFor(string key) => DeterministicGuid.From($"rostering/alert/{key}");

    public static Alert Create(AlertRaised e) =>
        new(e.AlertId, e.Kind, e.Key, e.Summary, e.StaffId, e.RotationId, e.GapFrom, e.GapTo, e.ExpiresOn, e.RaisedAt);

    /// <summary>Found again after it had resolved: open afresh, to be texted at once.</summary>
    public Alert Apply(AlertRaised e) => Create(e) with { TimesNotified = TimesNotified };

    public Alert Apply(AlertNotified e) => this with
    {
        Summary = e.Summary, LastNotifiedAt = e.NotifiedAt, LastNotifiedTo = e.To, TimesNotified = TimesNotified + 1, LastFailure = null,
    };

    public Alert Apply(AlertNotificationFailed e) => this with { LastFailure = e.Why };

    public Alert Apply(AlertResolved e) => this with { Open = false, ResolvedAt = e.ResolvedAt, ResolvedWhy = e.Why };

    /// <summary>Never texted, the last text failed, or the re-alert interval has passed with the problem unresolved.</summary>
    public bool DueForText(Instant now, Duration realert) =>
        LastNotifiedAt is not { } last || LastFailure is not null || now - last >= realert - ReminderTolerance;
}

/// <summary>When the next daily check is due, and when the last one ran. One stream, which also keeps two checks from overlapping.</summary>
public sealed record AlertSchedule(Guid Id)
{
    public static readonly Guid StreamId = DeterministicGuid.From("rostering/alert-check-schedule");

    public Guid? NextTimerId { get; init; }

    public Instant? NextDueAt { get; init; }

    public Instant? LastCheckedAt { get; init; }

    public string? LastTrigger { get; init; }

    public static AlertSchedule Create(AlertCheckScheduled e) => new AlertSchedule(e.ScheduleId).Apply(e);

    public static AlertSchedule Create(AlertsChecked e) => new AlertSchedule(e.ScheduleId).Apply(e);

    public AlertSchedule Apply(AlertCheckScheduled e) => this with { NextTimerId = e.TimerId, NextDueAt = e.DueAt };

    public AlertSchedule Apply(AlertsChecked e) => this with { LastCheckedAt = e.CheckedAt, LastTrigger = e.Trigger };
}
