using NodaTime;

namespace Cers.Dispatch.Rostering.Alerts.Finding;

/// <summary>A problem seen by one check; the same <paramref name="Key"/> on another day is the same problem.</summary>
public sealed record AlertFinding(
    string Kind,
    string Key,
    string Summary,
    Guid? StaffId = null,
    Guid? RotationId = null,
    Instant? GapFrom = null,
    Instant? GapTo = null,
    LocalDate? ExpiresOn = null)
{
    public Guid AlertId => Alert.IdFor(Key);
}

/// <summary>What became of the last SMS to a person's current number: delivered, failed, undelivered, or received from them.</summary>
public sealed record SmsOutcome(Guid StaffId, string Phone, string Status, Instant At)
{
    public bool Failed => Dispatches.Texting.SmsReceipts.IsFailure(Status);
}
