using System.Text.Json;
using Cers.Dispatch.Console.Backends;
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
    private static readonly (string Role, string Heading)[] Roles =
    [
        ("coordinator", "Coordinators"), ("duty-manager", "Duty managers"), ("care-worker", "Care workers"),
    ];

    /// <summary>How far ahead "next" is looked for; beyond it the page says nobody changes.</summary>
    private static readonly Duration Horizon = Duration.FromHours(48);

    private const int MaxQuestions = 60;

    public static async Task<IResult> Handle(RosteringClient rostering, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var rotationsCall = rostering.GetAsync("/rotations", ct);
        var staffCall = rostering.GetAsync("/staff", ct);
        var onNow = await OnAtAsync(rostering, now, ct);
        var rotations = await rotationsCall;
        if (onNow.Problem is { } problem || rotations is not { Ok: true, Body: { ValueKind: JsonValueKind.Array } rotationList })
        {
            return Html.Page("Rotas", $"<h1>Rotas</h1>{Html.Problem(onNow.Problem ?? rotations.Problem)}", statusCode: StatusCodes.Status502BadGateway);
        }

        var staff = await staffCall is { Ok: true, Body: { ValueKind: JsonValueKind.Array } staffList }
            ? staffList.EnumerateArray().Where(s => s.Text("id") is not null).ToDictionary(s => s.Text("id")!, s => s.Text("name") ?? "")
            : [];
        var next = await NextChangesAsync(rostering, rotationList, onNow.People, now, ct);
        var sections = Roles.Select(r => RoleSection(r.Role, r.Heading, onNow.People, next.GetValueOrDefault(r.Role)));
        var body = $"""
            <h1>Rotas</h1>
            <p class="meta">On shift and on call at {Html.E(LondonTime.Show(now))}, and who comes on next (within {Horizon.TotalHours:0} hours). UK time.
              <span class="override">Override</span> marks cover arranged over the rota (a swap, sickness, holiday).</p>
            {string.Concat(sections)}
            {OverridesSection(rotationList, staff, now)}
            """;
        return Html.Page("Rotas", body);
    }

    private sealed record OnDuty(string StaffId, string Name, string Role, string Kind, string Rotation, bool ByOverride);

    private sealed record LineUp(IReadOnlyList<OnDuty> People, string? Problem);

    private sealed record NextChange(Instant At, IReadOnlyList<OnDuty> People);

    private static async Task<LineUp> OnAtAsync(RosteringClient rostering, Instant at, CancellationToken ct)
    {
        var answer = await rostering.GetAsync($"/on-call?at={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(at))}", ct);
        if (answer is not { Ok: true, Body: { ValueKind: JsonValueKind.Array } people })
        {
            return new LineUp([], answer.Problem ?? "Rostering did not say who is on.");
        }

        return new LineUp(people.EnumerateArray().Select(p => new OnDuty(
            p.Text("staffId") ?? "", p.Text("name") ?? "", p.Text("role") ?? "", p.Text("kind") ?? "", p.Text("rotation") ?? "",
            p.Text("byOverride") == "True")).ToList(), null);
    }

    /// <summary>For each role, the first moment ahead when the people on (or how they are on) differ from now.</summary>
    private static async Task<Dictionary<string, NextChange>> NextChangesAsync(
        RosteringClient rostering, JsonElement rotations, IReadOnlyList<OnDuty> onNow, Instant now, CancellationToken ct)
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
    internal static IEnumerable<Instant> ChangePoints(JsonElement rotations, Instant from, Instant to)
    {
        var points = new SortedSet<Instant>();
        var firstDay = from.InZone(LondonTime.London).Date.PlusDays(-1);
        var lastDay = to.InZone(LondonTime.London).Date.PlusDays(1);
        foreach (var rotation in rotations.EnumerateArray())
        {
            if (rotation.Text("startsAt") is not { } startsText || LocalDateTimePattern.ExtendedIso.Parse(startsText) is not { Success: true } starts)
            {
                continue;
            }

            var wallTimes = new List<LocalTime> { starts.Value.TimeOfDay };
            foreach (var edge in new[] { rotation.Text("windowFrom"), rotation.Text("windowTo") })
            {
                if (edge is not null && LocalTimePattern.ExtendedIso.Parse(edge) is { Success: true } time)
                {
                    wallTimes.Add(time.Value);
                }
            }

            for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
            {
                foreach (var time in wallTimes)
                {
                    points.Add((day + time).InZoneLeniently(LondonTime.London).ToInstant());
                }
            }

            if (rotation.Field("turnHours") is { ValueKind: JsonValueKind.Number } hours && hours.GetInt32() > 0)
            {
                var start = starts.Value.InZoneLeniently(LondonTime.London).ToInstant();
                var step = Duration.FromHours(hours.GetInt32());
                var k = Math.Max(0, (long)Math.Floor((from - start) / step));
                for (var t = start + (step * k); t <= to; t += step)
                {
                    points.Add(t);
                }
            }

            foreach (var o in rotation.Items("overrides"))
            {
                foreach (var edge in new[] { o.Text("from"), o.Text("to") })
                {
                    if (edge is not null && InstantPattern.ExtendedIso.Parse(edge) is { Success: true } instant)
                    {
                        points.Add(instant.Value);
                    }
                }
            }
        }

        return points.Where(p => p > from && p <= to);
    }

    private static string RoleSection(string role, string heading, IReadOnlyList<OnDuty> onNow, NextChange? next)
    {
        var now = Of(onNow, role);
        return $"""
            <section class="rota" data-role="{Html.E(role)}">
              <h2>{Html.E(heading)}</h2>
              <table>
                <thead><tr><th>Now</th><th>Next{(next is null ? "" : $", from {Html.E(LondonTime.Show(next.At))}")}</th></tr></thead>
                <tbody><tr>
                  <td class="now">{People(now)}</td>
                  <td class="next">{(next is null ? $"No change in the next {Horizon.TotalHours:0} hours." : People(next.People))}</td>
                </tr></tbody>
              </table>
            </section>
            """;
    }

    private static string People(IReadOnlyList<OnDuty> people) =>
        people.Count == 0
            ? """<strong class="alert">Nobody</strong>"""
            : $"""<ul class="plain">{string.Concat(people.Select(p => $"""
                <li><strong>{Html.E(p.Name)}</strong> <small>{Html.E(p.Kind == "on-call" ? "on call" : p.Kind)} · {Html.E(p.Rotation)}</small>{(p.ByOverride ? " <span class=\"override\">Override</span>" : "")}</li>
                """))}</ul>""";

    private static string OverridesSection(JsonElement rotations, IReadOnlyDictionary<string, string> staff, Instant now)
    {
        var rows = rotations.EnumerateArray()
            .SelectMany(r => r.Items("overrides").Select(o => (Rotation: r, Override: o)))
            .Select(x => (x.Rotation, x.Override, To: InstantPattern.ExtendedIso.Parse(x.Override.Text("to") ?? "") is { Success: true } to ? to.Value : Instant.MinValue))
            .Where(x => x.To > now)
            .OrderBy(x => x.Override.Text("from"), StringComparer.Ordinal)
            .Select(x => $"""
                <tr>
                  <td>{Html.E(x.Override.UkTime("from"))} – {Html.E(x.Override.UkTime("to"))}</td>
                  <td>{Html.E(x.Rotation.Text("name"))}</td>
                  <td>{Html.E(Name(staff, x.Override.Text("replacing")) ?? "whoever's turn it is")}</td>
                  <td>{(x.Override.Text("coveredBy") is { } cover ? Html.E(Name(staff, cover) ?? cover) : """<strong class="alert">nobody (a gap)</strong>""")}</td>
                  <td>{Html.E(x.Override.Text("reason"))}</td>
                </tr>
                """)
            .ToList();
        return rows.Count == 0
            ? "<section><h2>Overrides</h2><p>None in force or coming.</p></section>"
            : $"""
              <section id="overrides">
                <h2>Overrides in force or coming</h2>
                <table>
                  <thead><tr><th>When</th><th>Rotation</th><th>Instead of</th><th>Covered by</th><th>Why</th></tr></thead>
                  <tbody>{string.Concat(rows)}</tbody>
                </table>
              </section>
              """;
    }

    private static string? Name(IReadOnlyDictionary<string, string> staff, string? id) =>
        id is not null && staff.TryGetValue(id, out var name) ? name : null;
}
