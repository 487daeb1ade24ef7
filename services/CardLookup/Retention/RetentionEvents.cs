using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Retention;

/// <summary>The next daily sweep was asked of escalation's durable timers (published as StartTimer).</summary>
public sealed record RetentionSweepScheduled(Guid TimerId, Instant DueAt, Instant ScheduledAt);

/// <summary>
/// A sweep ran. The counts are the anonymous figures that remain of what it shredded; the shredded carers' streams
/// keep their events (area, skills, dates) with the personal values unreadable.
/// </summary>
public sealed record RetentionSweepCompleted(
    Guid SweepId, string Trigger, Instant Cutoff, int CarersShredded, int UnmatchedLookupMonthsShredded, Instant CompletedAt);

/// <summary>The next sweep asked for; one document, so the instances of the service agree on it.</summary>
public sealed record RetentionState(string Id, Guid NextTimerId, Instant NextDueAt, long NextDueUnixTicks);

public static class RetentionStream
{
    public const string TimerKind = "card-lookup-retention-sweep";
    public const string StateId = "card-lookup";

    /// <summary>The sweeps' own stream, also the "activation" escalation files the timer under (a timer needs one).</summary>
    public static readonly Guid Id = DeterministicGuid.From("card-lookup/retention-sweeps");

    public static Guid TimerIdFor(LocalDate day) =>
        DeterministicGuid.From(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"card-lookup/retention-sweep/{day:uuuu-MM-dd}"));

    /// <summary>The next sweep time (UK local) after <paramref name="now"/>.</summary>
    public static Instant NextSweepAfter(Instant now, LocalTime at)
    {
        var today = Common.Ages.Today(now);
        var candidate = (today + at).InZoneLeniently(Common.Ages.ServiceZone).ToInstant();
        return candidate > now ? candidate : (today.PlusDays(1) + at).InZoneLeniently(Common.Ages.ServiceZone).ToInstant();
    }
}
