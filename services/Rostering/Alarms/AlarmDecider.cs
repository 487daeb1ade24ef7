using NodaTime;

namespace Cers.Dispatch.Rostering.Alarms;

/// <summary>How an alarm pages, climbs and stops: pure functions from the alarm and what happened to the events that follow.</summary>
public static class AlarmDecider
{
    /// <summary>
    /// Step <paramref name="step"/> of paging, to <paramref name="chain"/> as the rota has it now. Each step calls the next
    /// person in the chain and texts again everyone called before; once the chain is used up, every step calls everyone.
    /// A step for an alarm someone has answered, or one taken already, does nothing.
    /// </summary>
    public static IReadOnlyList<object> Step(Alarm alarm, int step, IReadOnlyList<PagedPerson> chain, Duration repeat, Instant now)
    {
        if (!alarm.IsOpen || step != alarm.Step + 1)
        {
            return [];
        }

        var earlier = alarm.Paged.Where(p => chain.All(c => c.Phone != p.Phone)).ToList();
        IReadOnlyList<PagedPerson> called = step < chain.Count ? [chain[step]] : [.. chain, .. earlier];
        var reminded = step < chain.Count ? chain.Take(step).Concat(earlier).ToList() : [];
        return [new AlarmStepTaken(alarm.Id, step, called, reminded, now + repeat, now)];
    }

    /// <summary>The chain for an alarm: named people, then the on-call coordinators (for theirs), the duty managers and the fallback, each once.</summary>
    public static IReadOnlyList<PagedPerson> Chain(
        PagingAudience audience, IReadOnlyList<PagedPerson> named, IReadOnlyList<PagedPerson> coordinators, IReadOnlyList<PagedPerson> dutyManagers, IReadOnlyList<PagedPerson> fallback)
    {
        IEnumerable<PagedPerson> chain = audience switch
        {
            PagingAudience.Coordinators => [.. coordinators, .. dutyManagers, .. fallback],
            _ => [.. named, .. dutyManagers, .. fallback],
        };
        return chain.Where(p => !string.IsNullOrWhiteSpace(p.Phone)).DistinctBy(p => p.Phone).ToList();
    }

    public static IReadOnlyList<object> Acknowledge(Alarm alarm, string by, string via, Instant now) =>
        alarm.IsOpen ? [new AlarmAcknowledged(alarm.Id, alarm.ActivationId, alarm.Code, by, via, now)] : [];

    public static IReadOnlyList<object> StandDown(Alarm alarm, string why, Instant now) =>
        alarm.IsOpen ? [new AlarmStoodDown(alarm.Id, alarm.ActivationId, alarm.Code, why, now)] : [];
}
