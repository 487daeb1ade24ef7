using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>A coordinator closed the activation with an outcome; nothing more is owed to it.</summary>
public sealed record ActivationClosed(Guid ActivationId, string Outcome, string ClosedBy, Instant ClosedAt) : IIntakeNews;
