using NodaTime;

namespace Cers.Dispatch.Rostering.Alerts;

public static class AlertKinds
{
    /// <summary>A period with nobody (active) on call in an on-call rotation, after overrides.</summary>
    public const string RotaGap = "rota-gap";

    /// <summary>Someone on a rota whose number is invalid or whose last SMS failed or was undelivered.</summary>
    public const string NoWorkingPhone = "no-working-phone";

    public const string DbsCheckExpiry = "dbs-check-expiry";

    public const string TrainingExpiry = "training-expiry";
}

/// <summary>Who an alert was texted to: the duty managers on call at that instant, or the configured fallback.</summary>
public sealed record AlertRecipient(string Name, string Phone, string Role);

/// <summary>
/// A problem ahead was found (or found again after it had resolved). <paramref name="Key"/> names the problem itself
/// (the rotation and the gap's start; the person and the date), so the same problem is one alert however often it is seen.
/// </summary>
public sealed record AlertRaised(
    Guid AlertId,
    string Kind,
    string Key,
    string Summary,
    Guid? StaffId,
    Guid? RotationId,
    Instant? GapFrom,
    Instant? GapTo,
    LocalDate? ExpiresOn,
    Instant RaisedAt);

/// <summary>The alert was texted (recorded before sending: a crash in between is caught up by the next reminder).</summary>
public sealed record AlertNotified(Guid AlertId, string Summary, IReadOnlyList<AlertRecipient> To, Instant NotifiedAt);

/// <summary>Nobody could be texted (nobody on call and no fallback, or Twilio refused): the next check tries again.</summary>
public sealed record AlertNotificationFailed(Guid AlertId, string Why, Instant At);

/// <summary>The gap was filled (or is over), the date renewed, the phone mended, or the person is no longer on duty.</summary>
public sealed record AlertResolved(Guid AlertId, string Why, Instant ResolvedAt);

/// <summary>The next daily check is due at <paramref name="DueAt"/>; escalation's durable timer <paramref name="TimerId"/> will say when.</summary>
public sealed record AlertCheckScheduled(Guid ScheduleId, Guid TimerId, Instant DueAt, Instant ScheduledAt);

/// <summary>A check ran: by the daily timer or at an administrator's request.</summary>
public sealed record AlertsChecked(Guid ScheduleId, string Trigger, int Raised, int Resolved, int Notified, Instant CheckedAt);
