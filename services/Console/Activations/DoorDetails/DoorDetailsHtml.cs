using System.Text.Json;
using Cers.Dispatch.Console.Backends;

namespace Cers.Dispatch.Console.Activations.DoorDetails;

/// <summary>
/// Card lookup's door details as someone at the door reads them: the address and how to get in first, then who is
/// cared for and what they need, medication, and whom to call. Identifiers and map coordinates are left out.
/// </summary>
public static class DoorDetailsHtml
{
    public static string Render(JsonElement d)
    {
        if (d.Field("access") is not { } access)
        {
            return Html.Details(d);
        }

        var address = d.Field("address") is { } a
            ? string.Join(", ", new[] { a.Text("line1"), a.Text("line2"), a.Text("town"), a.Text("postcode") }.Where(p => !string.IsNullOrWhiteSpace(p)))
            : d.Text("area");
        var keyItems = d.Items("keyItems").Select(k => $"{k.Text("item")}: {k.Text("location")}").ToList();
        var caredFor = d.Items("caredFor").Select(p => $"""<li><strong>{Html.E(p.PersonName())}</strong>, {Html.E(p.Text("age"))}, {Html.E(p.Text("relationship"))}</li>""");
        var needs = d.Items("careNeeds").Select(p => $"""
            <h3>{Html.E(p.PersonName())}</h3>
            <dl>
              {Line("Care needs", p.Text("careNeeds"))}
              {Line("Personal care", string.Join(", ", p.Words("personalCareTasks")))}
              {Line("Mobility", p.Text("mobility"))}
              {Line("Moving and handling", p.Text("movingAndHandling"))}
              {Line("Communication", p.Text("communication"))}
              {Line("Diet", p.Text("diet"))}
              {Line("Allergies", string.Join(", ", p.Words("allergies")))}
              {Line("Health conditions", string.Join(", ", p.Words("healthConditions")))}
            </dl>
            """);
        var medication = d.Items("medication").Select(m =>
            $"<li><strong>{Html.E(m.Text("name"))} {Html.E(m.Text("dose"))}</strong> at {Html.E(string.Join(", ", m.Words("times")))}, {Html.E(m.Text("route"))}; kept {Html.E(m.Text("whereKept"))}; given by {Html.E(m.Text("whoMayGive"))}</li>");
        var contacts = d.Items("emergencyContacts").Select(c =>
            $"<li>{Html.E(c.Text("name"))} ({Html.E(c.Text("relationship"))}) {Phone(c.Text("phone"))}</li>");
        var gp = d.Field("gp") is { } g ? $"{Html.E(g.Text("name"))}, {Html.E(g.Text("practice"))} {Phone(g.Text("phone"))}" : null;
        var carer = d.Field("carer") is { } c2 ? $"{Html.E(c2.PersonName())} {string.Concat(c2.Items("phones").Select(p => Phone(p.Text("number"))))}" : null;
        return $"""
            <h2>Getting in</h2>
            <dl class="getting-in">
              {Line("Address", address)}
              {Line("Entry", access.Text("entryInstructions"))}
              {(access.Text("keySafeCode") is { } code ? $"""<dt>Key safe code</dt><dd class="key-safe-code">{Html.E(code)}</dd>""" : Line("Key safe", access.Text("keySafeFitted") == "True" ? "fitted (no code recorded)" : "none"))}
              {Line("Where things are", string.Join("; ", keyItems))}
              {Line("Pets", access.Text("pets"))}
              {Line("Hazards", access.Text("hazards"))}
              {Line("Access", access.Text("accessibility"))}
            </dl>
            <h2>Who is cared for</h2>
            <p class="cover-note">{Html.E(d.Text("coverNote"))}</p>
            <ul class="plain">{string.Concat(caredFor)}</ul>
            {string.Concat(needs)}
            <h2>Medication</h2>
            {(medication.Any() ? $"<ul>{string.Concat(medication)}</ul>" : "<p>None recorded.</p>")}
            {(d.Words("aidsAndEquipment") is { Count: > 0 } aids ? $"<h2>Aids and equipment</h2><p>{Html.E(string.Join(", ", aids))}</p>" : "")}
            <h2>Whom to call</h2>
            <ul class="plain">{string.Concat(contacts)}</ul>
            <dl>
              {(carer is null ? "" : $"<dt>The carer</dt><dd>{carer}</dd>")}
              {(gp is null ? "" : $"<dt>GP</dt><dd>{gp}</dd>")}
            </dl>
            <p class="meta">Plan version {Html.E(d.Text("planVersion"))}{(d.Text("planOverdueForReview") == "True" ? " (overdue for review)" : "")}. Shown to {Html.E(d.Text("shownTo"))} at {Html.E(d.UkTime("shownAt"))}; card lookup keeps a record of each showing.</p>
            """;
    }

    private static string Line(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"<dt>{Html.E(label)}</dt><dd>{Html.E(value)}</dd>";

    private static string Phone(string? number) => Html.PhoneLink(number);
}
