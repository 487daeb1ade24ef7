using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Rotas;

/// <summary>
/// Who is on shift or on call now, and who comes on next, for care workers, coordinators and duty managers, with
/// overrides (swaps, sickness, holiday) marked. Rostering answers "who is on at an instant"; the console asks it at
/// the moments the rotas can change (hand-offs, shift windows, override edges) until each role's line-up changes.
/// </summary>
public static class RotasPage
{
    public static readonly (string Role, string Heading)[] Roles =
    [
        ("coordinator", "Coordinators"), ("duty-manager", "Duty managers"), ("care-worker", "Care workers"),
    ];

    /// <summary>How far ahead "next" is looked for; beyond it the page says nobody changes.</summary>
    public static readonly Duration Horizon = Duration.FromHours(48);

    private const int MaxQuestions = 60;

    public static async Task<IResult> Handle(RosteringClient rostering, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var rotationsCall = rostering.GetAsync("/rotations", ct);
        var staffCall = rostering.GetAsync("/staff", ct);
        var onNow = await OnAtAsync(rostering, now, ct);
        var rotationsAnswer = await rotationsCall;
        var rotations = rotationsAnswer.Ok ? rotationsAnswer.As<List<RotationShown>>() : null;
        if (onNow.Problem is not null || rotations is null)
        {
            return Pages.Render<RotasView>(new { Problem = onNow.Problem ?? rotationsAnswer.Problem ?? "Rostering did not answer." }, StatusCodes.Status502BadGateway);
        }

        var staffAnswer = await staffCall;
        var staff = (staffAnswer.Ok ? staffAnswer.As<List<StaffShown>>() : null)?.ToDictionary(s => s.Id, s => s.Name) ?? [];
        return Pages.Render<RotasView>(new
        {
            Now = now,
            OnNow = onNow.People,
            Next = await NextChangesAsync(rostering, rotations, onNow.People, now, ct),
            Overrides = rotations
                .SelectMany(r => (r.Overrides ?? []).Select(o => (Rotation: r, Override: o)))
                .Where(x => x.Override.To > now)
                .OrderBy(x => x.Override.From)
                .ToList(),
            Staff = staff,
        });
    }

    private sealed record LineUp(IReadOnlyList<OnDuty> People, string? Problem);

    private static async Task<LineUp> OnAtAsync(RosteringClient rostering, Instant at, CancellationToken ct)
    {
        var answer = await rostering.GetAsync($"/on-call?at={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(at))}", ct);
        return answer.Ok && answer.As<List<OnDuty>>() is { } people
            ? new LineUp(people, null)
            : new LineUp([], answer.Problem ?? "Rostering did not say who is on.");
    }

    /// <summary>For each role, the first moment ahead when the people on (or how they are on) differ from now.</summary>
    private static async Task<Dictionary<string, NextChange>> NextChangesAsync(
        RosteringClient rostering, IReadOnlyList<RotationShown> rotations, IReadOnlyList<OnDuty> onNow, Instant now, CancellationToken ct)
    {
        var found = new Dictionary<string, NextChange>();
        foreach (var at in ChangePoints(rotations, now, now + Horizon).Take(MaxQuestions))
        {
            var then = await OnAtAsync(rostering, at, ct);
            if (then.Problem is not null)
            {
                break;
            }

            foreach (var (role, _) in Roles.Where(r => !found.ContainsKey(r.Role)))
            {
                if (!SameLineUp(Of(onNow, role), Of(then.People, role)))
                {
                    found[role] = new NextChange(at, Of(then.People, role));
                }
            }

            if (found.Count == Roles.Length)
            {
                break;
            }
        }

        return found;
    }

    private static List<OnDuty> Of(IEnumerable<OnDuty> people, string role) => people.Where(p => p.Role == role).ToList();

    private static bool SameLineUp(List<OnDuty> a, List<OnDuty> b) =>
        a.Select(Key).Order().SequenceEqual(b.Select(Key).Order());

    private static string Key(OnDuty d) => $"{d.StaffId}|{d.Rotation}|{d.ByOverride}";

    /// <summary>
    /// The instants in (from, to] at which any rotation may hand over: each hand-off and shift-window edge on the
    /// London wall clock, each elapsed-hours turn, and each override's start and end.
    /// </summary>
    internal static IEnumerable<Instant> ChangePoints(IReadOnlyList<RotationShown> rotations, Instant from, Instant to)
    {
        var points = new SortedSet<Instant>();
        var firstDay = from.InZone(LondonTime.London).Date.PlusDays(-1);
        var lastDay = to.InZone(LondonTime.London).Date.PlusDays(1);
        foreach (var rotation in rotations)
        {
            var wallTimes = new List<LocalTime> { rotation.StartsAt.TimeOfDay };
            wallTimes.AddRange(new[] { rotation.WindowFrom, rotation.WindowTo }.OfType<LocalTime>());
            for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
            {
                foreach (var time in wallTimes)
                {
                    points.Add((day + time).InZoneLeniently(LondonTime.London).ToInstant());
                }
            }

            if (rotation.TurnHours is > 0 and var hours)
            {
                var start = rotation.StartsAt.InZoneLeniently(LondonTime.London).ToInstant();
                var step = Duration.FromHours(hours);
                var k = Math.Max(0, (long)Math.Floor((from - start) / step));
                for (var t = start + (step * k); t <= to; t += step)
                {
                    points.Add(t);
                }
            }

            foreach (var o in rotation.Overrides ?? [])
            {
                points.Add(o.From);
                points.Add(o.To);
            }
        }

        return points.Where(p => p > from && p <= to);
    }
}
