using NodaTime;

namespace Cers.Dispatch.Contracts.Escalation;

/// <summary>
/// Sent or published by another service to be told (by <see cref="TimerFired"/>) when <paramref name="DueAt"/> comes:
/// an offer deadline (Kind "offer-deadline", Target the offer id), the wait for a coordinator's answer, and so on.
/// Starting the same <paramref name="TimerId"/> twice keeps the first.
/// </summary>
public sealed record StartTimer(Guid TimerId, Guid ActivationId, string Kind, Instant DueAt, string? Target);

/// <summary>
/// Stops a pending timer; a timer that already fired or was cancelled is left as it is. <paramref name="ActivationId"/>,
/// when the sender knows it, lets escalation handle the cancel in turn with the activation's other messages.
/// </summary>
public sealed record CancelTimer(Guid TimerId, Guid ActivationId = default);
