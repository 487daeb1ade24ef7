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

    public static IReadOnlyList<OnDuty> WhoIsOn(IEnumerable<Rotation> rotations, IEnumerable<RotaOverride> overrides, Instant at)
    {
        var byRotation = overrides.ToLookup(o => o.RotationId);
        var onDuty = new List<OnDuty>();
        foreach (var rotation in rotations.OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id))
        {
            if (ScheduledAt(rotation, at) is not { } scheduled)
            {
                continue;
            }

            var winner = byRotation[rotation.Id]
                .Where(o => o.From <= at && at < o.To && (o.Replacing is null || o.Replacing == scheduled))
                .OrderByDescending(o => o.AddedAt)
                .ThenByDescending(o => o.OverrideId)
                .FirstOrDefault();
            if (winner is null)
            {
                onDuty.Add(new OnDuty(scheduled, rotation.Role, rotation.Kind, rotation.Id, rotation.Name, rotation.Priority, null));
            }
            else if (winner.CoveredBy is { } cover)
            {
                onDuty.Add(new OnDuty(cover, rotation.Role, rotation.Kind, rotation.Id, rotation.Name, rotation.Priority, winner.OverrideId));
            }
        }

        return onDuty;
    }

    /// <summary>The participant whose turn it is at <paramref name="at"/>, inside the daily window if there is one.</summary>
    public static Guid? ScheduledAt(Rotation rotation, Instant at)
    {
        if (rotation.Participants.Count == 0 || TurnIndex(rotation, at) is not { } turn || !InsideWindow(rotation, at))
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
        foreach (var rotation in rotations)
        {
            var wallTimes = new List<LocalTime> { rotation.StartsAt.TimeOfDay };
            if (rotation.WindowFrom is { } wf && rotation.WindowTo is { } wt)
            {
                wallTimes.Add(wf);
                wallTimes.Add(wt);
            }

            for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
            {
                foreach (var time in wallTimes)
                {
                    points.Add(InLondon(day + time));
                }
            }

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

    private static long? TurnIndex(Rotation rotation, Instant at)
    {
        if (rotation.TurnHours is { } hours)
        {
            var elapsed = at - InLondon(rotation.StartsAt);
            return elapsed < Duration.Zero ? null : (long)Math.Floor(elapsed / Duration.FromHours(hours));
        }

        var days = rotation.TurnDays ?? 1;
        var local = at.InZone(London).LocalDateTime;
        if (local < rotation.StartsAt && at < InLondon(rotation.StartsAt))
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
        new(from, to, RotaResolution.ChangePoints(rotations, overrides, from, to)
            .Select(t => (t, RotaResolution.WhoIsOn(rotations, overrides, t).Select(d => d.StaffId).ToHashSet()))
            .ToList());

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
