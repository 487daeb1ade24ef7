using Cers.Dispatch.ServiceDefaults;

namespace Cers.Dispatch.Escalation.Timers;

/// <summary>
/// Timers the service sets itself get ids derived from what they are for, so setting the same timer again (a redelivered
/// message, a retried transaction) finds the one already stored instead of adding a second.
/// </summary>
public static class TimerIds
{
    public static Guid For(Guid activationId, string purpose) => DeterministicGuid.From($"{activationId:N}/{purpose}");
}
