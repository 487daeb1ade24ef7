using Cers.Dispatch.Console.Supervision;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using NodaTime;

namespace Cers.Dispatch.Console.HandoverPacks;

/// <summary>One line of the pack: a label (a time, a field) and what it says.</summary>
public sealed record PackLine(string? Label, string Text);

/// <summary>One section of the pack, in the order the reader needs them; the page and the PDF both lay these out.</summary>
public sealed record PackSection(string Id, string Heading, IReadOnlyList<PackLine> Lines);

/// <summary>The handover pack in words, section by section: the printable page and the PDF are laid out from the same lines.</summary>
public static class PackSections
{
    public static IReadOnlyList<PackSection> Of(HandoverPack pack) =>
    [
        new("what-happened", "What happened", WhatHappened(pack)),
        new("cover", "Who covered when", pack.Cover.Count == 0
            ? [new(null, "No care worker arrived.")]
            : pack.Cover.Select(s => new PackLine(s.Worker, $"{When(s.Arrived, "arrival not recorded")} to {When(s.Left, "still there when this pack was built")}")).ToList()),
        new("handovers", "Handovers", pack.Handovers.Count == 0
            ? [new(null, "No handover between workers was recorded.")]
            : pack.Handovers.SelectMany(Handover).ToList()),
        new("medication", "Medication given, as recorded", Medication(pack)),
        new("concerns", "Outstanding concerns and safeguarding referrals", Concerns(pack)),
        new("longer-term-care", "Longer-term care", pack.LongerTermCare.Count == 0
            ? [new(null, "No longer-term arrangement recorded yet.")]
            : pack.LongerTermCare.Select(e => new PackLine(When(e.At), $"{e.Text} (recorded by {e.By})")).ToList()),
        new("plan", "The emergency plan as it stood", Plan(pack)),
        new("sent", "Sent", pack.Sendings.Count == 0
            ? [new(null, "Not sent yet.")]
            : pack.Sendings.Select(e => new PackLine(When(e.At), e.Text)).ToList()),
    ];

    private static List<PackLine> WhatHappened(HandoverPack pack)
    {
        var a = pack.Trail.Activation;
        var lines = new List<PackLine>
        {
            new("Activation", pack.ActivationId.ToString()),
            new("Card", pack.Trail.CardNumber),
            new("Carer area", a.Area ?? "not known"),
            new("Opened", $"{LondonTime.Show(a.OpenedAt)}, via {Wording.Words(a.Channel)} by {(a.ReportedBy is { } r ? $"{r.Name} ({r.Agency})" : "unknown")}"),
            new("Reason", Wording.Words(a.Reason)),
            new("Where the carer is", a.CarerLocation ?? "not given"),
            new("Urgent notes", a.UrgentNotes ?? "none"),
            new("Status", a.ClosedAt is { } closed ? $"Closed {LondonTime.Show(closed)}: {Wording.Words(a.Outcome).ToLowerInvariant()}" : a.Status ?? ""),
        };
        lines.AddRange(pack.Trail.Steps.Select(s => new PackLine(s.At is { } at ? LondonTime.Show(at) : s.AtLondon, s.Summary)));
        return lines;
    }

    private static IEnumerable<PackLine> Handover(PackHandover h)
    {
        yield return new(When(h.At), $"{h.From} handed over{(h.To is null ? "" : $" to {h.To}")}: {h.Notes}");
        foreach (var review in h.Reviews)
        {
            yield return new(When(review.At), $"{(review.SignedOff ? "Signed off" : "Queried")} by {review.By}{(review.Comment is { } c ? $": {c}" : "")}");
        }

        if (!h.SignedOff)
        {
            yield return new(null, "Not signed off yet.");
        }
    }

    private static List<PackLine> Medication(HandoverPack pack)
    {
        var lines = new List<PackLine> { new(null, HandoverPack.NoMedicationRecord) };
        lines.AddRange(pack.Handovers.Select(h => new PackLine($"{When(h.At)}, {h.From}", h.Notes)));
        lines.AddRange(pack.Plan is null
            ? [new PackLine("Plan's schedule", pack.PlanWords)]
            : pack.MedicationSchedule.Count == 0
                ? [new PackLine("Plan's schedule", "The plan lists no medication.")]
                : pack.MedicationSchedule.Select(m => new PackLine(
                    $"Plan's schedule{(m.For.Length > 0 ? $", {m.For}" : "")}", $"{m.Name} {m.Dose} at {m.Times}, {m.Route}; given by {m.WhoMayGive}")));
        return lines;
    }

    private static List<PackLine> Concerns(HandoverPack pack)
    {
        var lines = pack.Concerns.Select(c => new PackLine(
            When(c.At),
            $"Concern about {c.About} ({c.Kind}) raised by {c.RaisedBy}: {c.Account}. {(c.ImmediateDanger ? "Someone was in immediate danger. " : "")}Referral route: {c.ReferTo}.")).ToList();
        if (lines.Count == 0)
        {
            lines.Add(new(null, "No safeguarding concern was raised."));
        }

        lines.AddRange(pack.Notes.Select(n => new PackLine(When(n.At), $"Note by {n.By}: {n.Text}")));
        return lines;
    }

    private static List<PackLine> Plan(HandoverPack pack)
    {
        if (pack.Plan is not { } plan)
        {
            return [new(null, pack.PlanWords)];
        }

        var lines = new List<PackLine> { new("Version", pack.PlanWords) };
        if (plan.CoverNote is { } note)
        {
            lines.Add(new("Cover note", note));
        }

        foreach (var person in plan.People ?? [])
        {
            var name = $"{person.FirstName} {person.LastName}";
            lines.Add(new(name, person.CareNeeds));
            lines.AddRange(new (string Label, string? Value)[]
                {
                    ("Personal care", string.Join(", ", person.PersonalCareTasks ?? [])), ("Mobility", person.Mobility),
                    ("Moving and handling", person.MovingAndHandling), ("Communication", person.Communication), ("Diet", person.Diet),
                    ("Allergies", string.Join(", ", person.Allergies ?? [])), ("Health conditions", string.Join(", ", person.HealthConditions ?? [])),
                }
                .Where(f => !string.IsNullOrWhiteSpace(f.Value))
                .Select(f => new PackLine($"{name}: {f.Label.ToLowerInvariant()}", f.Value!)));
        }

        lines.Add(new("Medication", "the schedule is under \"Medication given, as recorded\""));
        lines.Add(new("Aids and equipment", plan.AidsAndEquipment is { Count: > 0 } aids ? string.Join(", ", aids) : "none"));
        if (plan.Gp is { } gp)
        {
            lines.Add(new("GP", $"{gp.Name}, {gp.Practice}{(gp.Phone is { } phone ? $", {UkPhoneNumbers.Show(phone)}" : "")}"));
        }

        lines.AddRange((plan.EmergencyContacts ?? []).OrderBy(c => c.Order)
            .Select(c => new PackLine("Emergency contact", $"{c.Name} ({c.Relationship}) {UkPhoneNumbers.Show(c.Phone)}")));
        return lines;
    }

    private static string When(Instant? at, string otherwise = "") => at is { } shown ? LondonTime.Show(shown) : otherwise;
}
