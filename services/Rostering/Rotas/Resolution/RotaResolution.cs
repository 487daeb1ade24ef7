using NodaTime;
using NodaTime.TimeZones;

namespace Cers.Dispatch.Rostering.Rotas.Resolution;

/// <summary>Somebody on duty at an instant, and which rotation (and override) put them there.</summary>
public sealed record OnDuty(Guid StaffId, string Role, string Kind, Guid RotationId, string RotationName, int Priority, Guid? OverrideId);

/// <summary>
/// Who is on at an instant, from rotations and overrides alone (no I/O). Wall times are Europe/London: a hand-off at
/// 09:00 stays at 09:00 across the March and October clock changes; a wall time the clocks skip resolves to the first
/// instant after the gap, and a repeated one to its first occurrence.
/// </summary>
public static class RotaResolution
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static IReadOnlyList<OnDuty> WhoIsOn(IEnumerable<Rotation> rotations, IEnumerable<RotaOverride> overrides, Instant at) =>
        new RotasInOrder(rotations, overrides).WhoIsOn(at);

    /// <summary>The participant whose turn it is at <paramref name="at"/>, inside the daily window if there is one.</summary>
    public static Guid? ScheduledAt(Rotation rotation, Instant at) => ScheduledAt(rotation, InLondon(rotation.StartsAt), at);

    /// <param name="startsAt">The rotation's first hand-off as an instant, worked out once by a caller asking many times.</param>
    internal static Guid? ScheduledAt(Rotation rotation, Instant startsAt, Instant at)
    {
        if (rotation.Participants.Count == 0 || TurnIndex(rotation, startsAt, at) is not { } turn || !InsideWindow(rotation, at))
        {
            return null;
        }

        return rotation.Participants[(int)(turn % rotation.Participants.Count)];
    }

    /// <summary>The instants in [from, to) where anything may change, plus <paramref name="from"/> itself.</summary>
    public static IEnumerable<Instant> ChangePoints(IReadOnlyList<Rotation> rotations, IReadOnlyList<RotaOverride> overrides, Instant from, Instant to)
    {
        var points = new SortedSet<Instant> { from };
        var firstDay = from.InZone(London).Date.PlusDays(-1);
        var lastDay = to.InZone(London).Date.PlusDays(1);
        // Many rotations hand off at the same wall times: each is turned into an instant once a day, not once a rotation.
        var wallTimes = new HashSet<LocalTime>();
        foreach (var rotation in rotations)
        {
            wallTimes.Add(rotation.StartsAt.TimeOfDay);
            if (rotation.WindowFrom is { } wf && rotation.WindowTo is { } wt)
            {
                wallTimes.Add(wf);
                wallTimes.Add(wt);
            }
        }

        for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
        {
            foreach (var time in wallTimes)
            {
                points.Add(InLondon(day + time));
            }
        }

        foreach (var rotation in rotations)
        {
            if (rotation.TurnHours is { } hours)
            {
                var start = InLondon(rotation.StartsAt);
                var step = Duration.FromHours(hours);
                var k = Math.Max(0, (long)Math.Floor((from - start) / step));
                for (var t = start + (step * k); t < to; t += step)
                {
                    points.Add(t);
                }
            }
        }

        foreach (var o in overrides)
        {
            points.Add(o.From);
            points.Add(o.To);
        }

        return points.Where(p => p >= from && p < to);
    }

    public static Instant InLondon(LocalDateTime wallTime) => wallTime.InZone(London, Resolvers.LenientResolver).ToInstant();

    private static long? TurnIndex(Rotation rotation, Instant startsAt, Instant at)
    {
        if (rotation.TurnHours is { } hours)
        {
            var elapsed = at - startsAt;
            return elapsed < Duration.Zero ? null : (long)Math.Floor(elapsed / Duration.FromHours(hours));
        }

        var days = rotation.TurnDays ?? 1;
        var local = at.InZone(London).LocalDateTime;
        if (local < rotation.StartsAt && at < startsAt)
        {
            return null;
        }

        // Calendar days, so a weekly 09:00 hand-off is at 09:00 on both sides of a clock change.
        long wholeDays = Period.Between(rotation.StartsAt.Date, local.Date, PeriodUnits.Days).Days;
        if (local.TimeOfDay < rotation.StartsAt.TimeOfDay)
        {
            wholeDays--;
        }

        return wholeDays < 0 ? null : wholeDays / days;
    }

    private static bool InsideWindow(Rotation rotation, Instant at)
    {
        if (rotation.WindowFrom is not { } from || rotation.WindowTo is not { } to)
        {
            return true;
        }

        var time = at.InZone(London).TimeOfDay;
        return from <= to ? time >= from && time < to : time >= from || time < to;
    }
}

/// <summary>
/// Who is on at each change point of [from, to), worked out once: ranking asks it of every worker for the same visit, and
/// resolving the rota again for each worker made a ranking cost workers times rotations.
/// </summary>
public sealed class DutyWindow
{
    private readonly Instant from;
    private readonly Instant to;
    private readonly IReadOnlyList<(Instant At, HashSet<Guid> On)> points;

    private DutyWindow(Instant from, Instant to, IReadOnlyList<(Instant At, HashSet<Guid> On)> points)
    {
        this.from = from;
        this.to = to;
        this.points = points;
    }

    public static DutyWindow Between(IReadOnlyList<Rotation> rotations, IReadOnlyList<RotaOverride> overrides, Instant from, Instant to) =>
        Between(new RotasInOrder(rotations, overrides), from, to);

    public static DutyWindow Between(RotasInOrder inOrder, Instant from, Instant to) =>
        new(from, to, RotaResolution.ChangePoints(inOrder.Rotations, inOrder.Overrides, from, to).Select(t => (t, inOrder.StaffOnAt(t))).ToList());

    /// <summary>Whether <paramref name="staffId"/> is on (any rotation) for the whole window.</summary>
    public bool IsOnThroughout(Guid staffId) => points.All(p => p.On.Contains(staffId));

    /// <summary>
    /// How long <paramref name="staffId"/>, on duty at the window's start, stays on (any rotation): the first change point
    /// before its end where they are off, or its end when they are on throughout; null when they are not on at its start.
    /// </summary>
    public Instant? OnDutyUntil(Guid staffId)
    {
        foreach (var (at, on) in points)
        {
            if (!on.Contains(staffId))
            {
                return at == from ? null : at;
            }
        }

        return to;
    }
}

/// <summary>
/// Rotations in the order they put people on (priority, then the older first), each with its own overrides: worked out
/// once for a board that is asked who is on again and again (every offer asks it for every change point of the visit).
/// </summary>
public sealed class RotasInOrder
{
    private readonly (Rotation Rotation, Instant StartsAt, RotaOverride[] Overrides)[] inOrder;

    public RotasInOrder(IEnumerable<Rotation> rotations, IEnumerable<RotaOverride> overrides)
    {
        Overrides = [.. overrides];
        var byRotation = Overrides.ToLookup(o => o.RotationId);
        Rotations = [.. rotations.OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)];
        inOrder = [.. Rotations.Select(r => (r, RotaResolution.InLondon(r.StartsAt), byRotation[r.Id].ToArray()))];
    }

    public IReadOnlyList<Rotation> Rotations { get; }

    public IReadOnlyList<RotaOverride> Overrides { get; }

    /// <summary>Who is on at <paramref name="at"/>, one entry a rotation that puts somebody on, in rota order.</summary>
    public IReadOnlyList<OnDuty> WhoIsOn(Instant at)
    {
        var onDuty = new List<OnDuty>();
        foreach (var (rotation, startsAt, overrides) in inOrder)
        {
            if (OnBy(rotation, startsAt, overrides, at) is { } on)
            {
                onDuty.Add(new OnDuty(on.StaffId, rotation.Role, rotation.Kind, rotation.Id, rotation.Name, rotation.Priority, on.OverrideId));
            }
        }

        return onDuty;
    }

    /// <summary>Everyone on at <paramref name="at"/>, by any rotation.</summary>
    public HashSet<Guid> StaffOnAt(Instant at)
    {
        var on = new HashSet<Guid>();
        foreach (var (rotation, startsAt, overrides) in inOrder)
        {
            if (OnBy(rotation, startsAt, overrides, at) is { } duty)
            {
                on.Add(duty.StaffId);
            }
        }

        return on;
    }

    /// <summary>
    /// Whom the rotation puts on at <paramref name="at"/>: the participant whose turn it is, unless an override in force
    /// replaces them (the latest added wins; one that covers with nobody leaves the rotation empty).
    /// </summary>
    private static (Guid StaffId, Guid? OverrideId)? OnBy(Rotation rotation, Instant startsAt, RotaOverride[] overrides, Instant at)
    {
        if (RotaResolution.ScheduledAt(rotation, startsAt, at) is not { } scheduled)
        {
            return null;
        }

        RotaOverride? winner = null;
        foreach (var o in overrides)
        {
            if (o.From <= at && at < o.To && (o.Replacing is null || o.Replacing == scheduled)
                && (winner is null || o.AddedAt > winner.AddedAt || (o.AddedAt == winner.AddedAt && o.OverrideId.CompareTo(winner.OverrideId) > 0)))
            {
                winner = o;
            }
        }

        return winner is null ? (scheduled, null) : winner.CoveredBy is { } cover ? (cover, winner.OverrideId) : null;
    }
}
