using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>
/// One source gave <paramref name="InvalidAttempts"/> invalid or never-issued card numbers within
/// <paramref name="WindowMinutes"/> minutes: someone may be trying numbers to find a carer's home. For the duty manager.
/// </summary>
public sealed record CardGuessingSuspected(
    Guid AlertId, string Source, string Channel, string RequestedBy, int InvalidAttempts, int WindowMinutes, Instant FirstAttemptAt, Instant RaisedAt);
