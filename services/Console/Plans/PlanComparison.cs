using Cers.Dispatch.ServiceDefaults.Phones;

namespace Cers.Dispatch.Console.Plans;

/// <summary>One thing that differs between two versions of a plan; an empty side means it was not in that version.</summary>
public sealed record PlanChange(string What, string? Before, string? After);

/// <summary>
/// Two versions of a plan, field by field. Each plan is laid out as labelled lines keyed by what they are about (a
/// medicine by its name and person, a key item by the item, a contact by the order they are called in), so a revision of
/// one medicine's times reads as that one change, not as a list that moved.
/// </summary>
public static class PlanComparison
{
    public static IReadOnlyList<PlanChange> Between(PlanShown from, PlanShown to)
    {
        var before = Lines(from);
        var after = Lines(to);
        var changes = new List<PlanChange>();
        foreach (var (key, line) in after)
        {
            var old = before.FirstOrDefault(b => b.Key == key);
            if (old.Key is null)
            {
                changes.Add(new PlanChange(line.What, null, line.Value));
            }
            else if (old.Line.Value != line.Value)
            {
                changes.Add(new PlanChange(line.What, old.Line.Value, line.Value));
            }
        }

        changes.AddRange(before.Where(b => after.All(a => a.Key != b.Key)).Select(b => new PlanChange(b.Line.What, b.Line.Value, null)));
        return changes;
    }

    private sealed record Line(string What, string Value);

    private static List<(string Key, Line Line)> Lines(PlanShown plan)
    {
        var lines = new List<(string, Line)>
        {
            ("reviewDate", new Line("Review date", PlanWords.Day(plan.ReviewDate))),
            ("skills", new Line("Skills needed", PlanWords.SkillList(plan.RequiredSkills))),
            ("workers", new Line("Care workers needed at once", PlanWords.Workers(plan.WorkersNeeded))),
        };
        var names = new Dictionary<Guid, string>();
        foreach (var p in plan.People ?? [])
        {
            var who = $"{p.FirstName} {p.LastName}";
            names[p.PersonId] = who;
            var key = $"person:{p.PersonId}:";
            lines.Add((key + "careNeeds", new Line($"{who}: care needs", p.CareNeeds)));
            lines.Add((key + "tasks", new Line($"{who}: personal care tasks", PlanWords.List(p.PersonalCareTasks))));
            lines.Add((key + "mobility", new Line($"{who}: mobility", Text(p.Mobility))));
            lines.Add((key + "handling", new Line($"{who}: moving and handling", Text(p.MovingAndHandling))));
            lines.Add((key + "communication", new Line($"{who}: communication", Text(p.Communication))));
            lines.Add((key + "diet", new Line($"{who}: diet", Text(p.Diet))));
            lines.Add((key + "allergies", new Line($"{who}: allergies", PlanWords.List(p.Allergies))));
            lines.Add((key + "conditions", new Line($"{who}: health conditions", PlanWords.List(p.HealthConditions))));
        }

        foreach (var (m, nth) in Numbered(plan.Medication ?? [], m => $"{m.PersonId}:{m.Name.Trim().ToUpperInvariant()}"))
        {
            var what = $"{m.Name} for {names.GetValueOrDefault(m.PersonId, "someone no longer in the plan")}";
            var key = $"medicine:{m.PersonId}:{m.Name.Trim().ToUpperInvariant()}:{nth}:";
            lines.Add((key + "dose", new Line($"{what}: dose", m.Dose)));
            lines.Add((key + "times", new Line($"{what}: times", PlanWords.Times(m.Times))));
            lines.Add((key + "route", new Line($"{what}: how it is given", m.Route)));
            lines.Add((key + "whereKept", new Line($"{what}: where it is kept", m.WhereKept)));
            lines.Add((key + "whoMayGive", new Line($"{what}: who may give it", m.WhoMayGive)));
        }

        lines.Add(("aids", new Line("Aids and equipment", PlanWords.List(plan.AidsAndEquipment))));
        lines.Add(("gp", new Line("GP", plan.Gp is { } gp ? $"{gp.Name}, {gp.Practice}, {Phone(gp.Phone)}" : "none")));
        var access = plan.HomeAccess;
        lines.Add(("keySafe", new Line("Key safe", access?.KeySafeFitted == true ? "fitted" : "none")));
        lines.Add(("pets", new Line("Pets", Text(access?.Pets))));
        lines.Add(("hazards", new Line("Hazards", Text(access?.Hazards))));
        lines.Add(("accessibility", new Line("Accessibility", Text(access?.Accessibility))));
        foreach (var (k, nth) in Numbered(plan.KeyItems ?? [], k => k.Item.Trim().ToUpperInvariant()))
        {
            lines.Add(($"keyItem:{k.Item.Trim().ToUpperInvariant()}:{nth}", new Line($"Where to find the {k.Item}", k.Location)));
        }

        foreach (var c in plan.EmergencyContacts ?? [])
        {
            lines.Add(($"contact:{c.Order}", new Line($"Emergency contact {c.Order}", $"{c.Name} ({c.Relationship}), {Phone(c.Phone)}{(c.HoldsKey ? ", holds a key" : "")}")));
        }

        return lines;
    }

    /// <summary>Each item with how many like it came before (two "house keys" entries are the first and the second).</summary>
    private static IEnumerable<(T Item, int Nth)> Numbered<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            seen[k] = seen.GetValueOrDefault(k) + 1;
            yield return (item, seen[k]);
        }
    }

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "none" : value;

    private static string Phone(string? number) => number is null ? "none" : UkPhoneNumbers.Show(number);
}
