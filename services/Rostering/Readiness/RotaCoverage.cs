using System.Collections.Concurrent;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness;

/// <summary>An hour range [From, To) in which fewer qualified workers within reach are on the rota than the plan needs at once.</summary>
public sealed record CoverGap(Instant From, Instant To, bool TooFewWithinReach);

/// <summary>
/// Who is on the rota, hour by hour, over the coming days, worked out once per rota: every card is then checked against
/// it without resolving the rota again. A worker counts for an hour when on duty for all of it, active, with a home
/// base, and (for the card) with every skill the plan needs, training in date where the skill needs it, and a DBS check
/// in date on that day, within the travel limit of the card's area. Cards at the same place with the same needs share
/// one answer (plan locations are rounded to about a kilometre).
/// </summary>
public sealed class RotaCoverage
{
    private readonly IReadOnlyList<Worker> workers;
    private readonly TravelLimitsInForce limits;
    // Shared by the consumers assessing cards side by side: answers are worked out at most a few times over, never wrongly.
    private readonly ConcurrentDictionary<(string Skills, double Latitude, double Longitude, double MaxKm, int Needed), CoverGap?> answers = [];
    private readonly ConcurrentDictionary<(Guid Worker, string Skills), ulong[]> qualifiedHours = [];

    private RotaCoverage(Instant from, int hours, IReadOnlyList<Worker> workers, TravelLimitsInForce limits, RotaBoard board)
    {
        Board = board;
        From = from;
        Hours = hours;
        this.workers = workers;
        this.limits = limits;
    }

    /// <summary>The rota it was worked out from: the same board (not yet changed) and hour give the same cover.</summary>
    public RotaBoard Board { get; }

    public TravelLimitsInForce Limits => limits;

    public Instant From { get; }

    public int Hours { get; }

    public Instant Until => From + Duration.FromHours(Hours);

    private sealed record Worker(StaffMember Member, double Latitude, double Longitude, ulong[] OnDuty);

    /// <summary>The rota over <paramref name="hours"/> whole hours from the hour <paramref name="now"/> falls in.</summary>
    public static RotaCoverage Of(RotaBoard board, TravelLimitsInForce limits, Instant now, int hours)
    {
        var from = HourOf(now);
        var to = from + Duration.FromHours(hours);
        var careWorkers = board.Staff.Values.Where(s => s.Role == StaffRoles.CareWorker && s.Active && s.HomeBase is not null).ToList();
        var onDuty = careWorkers.ToDictionary(w => w.Id, _ => Bits.All(hours));
        var points = RotaResolution.ChangePoints(board.Rotations, board.Overrides, from, to).ToList();
        for (var i = 0; i < points.Count; i++)
        {
            var end = i + 1 < points.Count ? points[i + 1] : to;
            var on = board.InOrder.StaffOnAt(points[i]);
            var (first, last) = HoursTouched(from, points[i], end, hours);
            foreach (var worker in careWorkers.Where(w => !on.Contains(w.Id)))
            {
                Bits.Clear(onDuty[worker.Id], first, last);
            }
        }

        return new RotaCoverage(
            from,
            hours,
            careWorkers.Select(w => new Worker(w, w.HomeBase!.Latitude, w.HomeBase.Longitude, onDuty[w.Id])).ToList(),
            limits,
            board);
    }

    /// <summary>The start of the hour <paramref name="now"/> falls in: cover is worked out in whole hours.</summary>
    public static Instant HourOf(Instant now) => Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 3600 * 3600);

    /// <summary>
    /// The first gap in cover for a plan with these needs at this place: the first hours with fewer than
    /// <paramref name="workersNeeded"/> qualified workers within reach (one, or two for a two-person transfer); null when
    /// every hour has enough.
    /// </summary>
    public CoverGap? FirstGap(IReadOnlyList<string> requiredSkills, double latitude, double longitude, string? area, int workersNeeded = 1)
    {
        var skills = string.Join(',', requiredSkills.Order(StringComparer.Ordinal));
        var maxKm = limits.For(area).MaxKm;
        var key = (skills, latitude, longitude, maxKm, workersNeeded);
        if (answers.TryGetValue(key, out var known))
        {
            return known;
        }

        // atLeast[k] holds the hours with more than k qualified workers within reach.
        var atLeast = Enumerable.Range(0, Math.Max(workersNeeded, 1)).Select(_ => new ulong[Bits.Words(Hours)]).ToArray();
        var withinReach = 0;
        foreach (var worker in workers)
        {
            if (GreatCircle.Kilometres(worker.Latitude, worker.Longitude, latitude, longitude) > maxKm)
            {
                continue;
            }

            withinReach++;
            var hours = QualifiedHours(worker, skills, requiredSkills);
            for (var k = atLeast.Length - 1; k > 0; k--)
            {
                Bits.OrAnd(atLeast[k], atLeast[k - 1], hours);
            }

            Bits.Or(atLeast[0], hours);
        }

        var enough = atLeast[^1];
        var gap = Bits.FirstClear(enough, Hours) is { } start
            ? new CoverGap(From + Duration.FromHours(start), From + Duration.FromHours(Bits.NextSet(enough, start, Hours)), withinReach < workersNeeded)
            : null;
        answers[key] = gap;
        return gap;
    }

    private ulong[] QualifiedHours(Worker worker, string skillsKey, IReadOnlyList<string> requiredSkills)
    {
        if (qualifiedHours.TryGetValue((worker.Member.Id, skillsKey), out var known))
        {
            return known;
        }

        var hours = (ulong[])worker.OnDuty.Clone();
        if (requiredSkills.Any(s => !worker.Member.Skills.Contains(s)))
        {
            Array.Clear(hours);
        }
        else
        {
            // Training and DBS checks run out at the end of a day: clear the hours from the first day one is out of date.
            var firstDay = From.InZone(RotaResolution.London).Date;
            var lastDay = Until.InZone(RotaResolution.London).Date;
            for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
            {
                if (!QualifiedOn(worker.Member, requiredSkills, day))
                {
                    var (first, _) = HoursTouched(From, Instant.Max(From, RotaResolution.InLondon(day.AtMidnight())), Until, Hours);
                    Bits.Clear(hours, first, Hours - 1);
                    break;
                }
            }
        }

        qualifiedHours[(worker.Member.Id, skillsKey)] = hours;
        return hours;
    }

    private static bool QualifiedOn(StaffMember worker, IReadOnlyList<string> requiredSkills, LocalDate day) =>
        worker.DbsCheckExpiresOn is { } dbs && dbs >= day
        && requiredSkills.All(s => !WorkerRanking.NeedTraining.Contains(s) || worker.TrainedIn(s, day));

    /// <summary>The hours (indexes from <paramref name="from"/>) that [start, end) touches, clamped to the window.</summary>
    private static (int First, int Last) HoursTouched(Instant from, Instant start, Instant end, int hours)
    {
        var first = (int)Math.Floor((start - from).TotalHours);
        var last = (int)Math.Ceiling((end - from).TotalHours) - 1;
        return (Math.Max(first, 0), Math.Min(last, hours - 1));
    }

    /// <summary>Hour sets as bit arrays: a week of hours is three words.</summary>
    private static class Bits
    {
        public static int Words(int bits) => (bits + 63) / 64;

        public static ulong[] All(int bits)
        {
            var words = new ulong[Words(bits)];
            Array.Fill(words, ulong.MaxValue);
            return words;
        }

        public static void Clear(ulong[] words, int first, int last)
        {
            for (var i = first; i <= last; i++)
            {
                words[i / 64] &= ~(1UL << (i % 64));
            }
        }

        public static void Or(ulong[] into, ulong[] other)
        {
            for (var i = 0; i < into.Length; i++)
            {
                into[i] |= other[i];
            }
        }

        /// <summary>into |= a &amp; b: the hours that now have one more worker than <paramref name="a"/> counted.</summary>
        public static void OrAnd(ulong[] into, ulong[] a, ulong[] b)
        {
            for (var i = 0; i < into.Length; i++)
            {
                into[i] |= a[i] & b[i];
            }
        }

        public static int? FirstClear(ulong[] words, int bits)
        {
            for (var i = 0; i < bits; i++)
            {
                if ((words[i / 64] & (1UL << (i % 64))) == 0)
                {
                    return i;
                }
            }

            return null;
        }

        public static int NextSet(ulong[] words, int from, int bits)
        {
            for (var i = from; i < bits; i++)
            {
                if ((words[i / 64] & (1UL << (i % 64))) != 0)
                {
                    return i;
                }
            }

            return bits;
        }
    }
}
