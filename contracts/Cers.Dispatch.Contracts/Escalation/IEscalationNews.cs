using System.Text.Json.Serialization;

namespace Cers.Dispatch.Contracts.Escalation;

/// <summary>The messages escalation's news (<see cref="News{TMessage}"/>) carries.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(CoverLimitSet), nameof(CoverLimitSet))]
[JsonDerivedType(typeof(CoverLimitReached), nameof(CoverLimitReached))]
[JsonDerivedType(typeof(CoverLimitEscalated), nameof(CoverLimitEscalated))]
[JsonDerivedType(typeof(ActivationUnstaffedTooLong), nameof(ActivationUnstaffedTooLong))]
public interface IEscalationNews
{
}
