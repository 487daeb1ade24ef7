using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// Rostering could not staff an activation on its own and alerted people by SMS and a voice call. Level 1 is the on-call
/// coordinators, level 2 the duty managers. Reason: "nobody-qualified-available", "offers-exhausted", "no-emergency-plan".
/// </summary>
public sealed record DispatchEscalated(Guid ActivationId, int Level, string Reason, IReadOnlyList<string> Notified, Instant At) : IRosteringNews;
