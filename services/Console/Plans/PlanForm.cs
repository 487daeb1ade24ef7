using Cers.Dispatch.ServiceDefaults.Phones;

namespace Cers.Dispatch.Console.Plans;

/// <summary>
/// The plan form's fields, flat as the browser posts them: prefilled from the current version, or as typed when card lookup
/// refused it. Repeating items (medicines, key items, emergency contacts) come as rows; a row left empty is no item.
/// </summary>
public sealed record PlanForm(IReadOnlyDictionary<string, string> Values, IReadOnlySet<string> Skills, int People, int MedicineRows, int KeyItemRows, int ContactRows)
{
    public const string KeepDoorSecrets = "homeAccess.keepDoorSecrets";
    public const string WorkersNeeded = "workersNeeded";
    private const int BlankRows = 2;
    private const int MostRows = 40;

    public string? this[string field] => Values.GetValueOrDefault(field);

    public bool KeepingDoorSecrets => this[KeepDoorSecrets] == "true";

    /// <summary>Whether the contact in form row <paramref name="row"/> holds a key to the home (a ticked box).</summary>
    public bool HoldsKey(int row) => this[$"emergencyContacts[{row}].holdsKey"] == "true";

    /// <summary>The first plan: nothing yet, a few rows for each list.</summary>
    public static PlanForm Blank(CarerShown carer) => new(
        carer.People.Select((p, i) => ($"people[{i}].personId", p.PersonId.ToString())).ToDictionary(), new HashSet<string>(), carer.People.Count, 3, 3, 3);

    /// <summary>The revision of <paramref name="plan"/>: every field as it stands, the door secrets kept unless new ones are typed.</summary>
    public static PlanForm From(PlanShown plan, CarerShown carer)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < carer.People.Count; i++)
        {
            var personId = carer.People[i].PersonId;
            values[$"people[{i}].personId"] = personId.ToString();
            if (plan.People?.FirstOrDefault(p => p.PersonId == personId) is not { } person)
            {
                continue;
            }

            values[$"people[{i}].careNeeds"] = person.CareNeeds;
            values[$"people[{i}].personalCareTasks"] = Lines(person.PersonalCareTasks);
            values[$"people[{i}].mobility"] = person.Mobility ?? "";
            values[$"people[{i}].movingAndHandling"] = person.MovingAndHandling ?? "";
            values[$"people[{i}].communication"] = person.Communication ?? "";
            values[$"people[{i}].diet"] = person.Diet ?? "";
            values[$"people[{i}].allergies"] = Lines(person.Allergies);
            values[$"people[{i}].healthConditions"] = Lines(person.HealthConditions);
        }

        var medication = plan.Medication ?? [];
        for (var r = 0; r < medication.Count; r++)
        {
            var m = medication[r];
            values[$"medication[{r}].personId"] = m.PersonId.ToString();
            values[$"medication[{r}].name"] = m.Name;
            values[$"medication[{r}].dose"] = m.Dose;
            values[$"medication[{r}].times"] = PlanWords.Times(m.Times);
            values[$"medication[{r}].route"] = m.Route;
            values[$"medication[{r}].whereKept"] = m.WhereKept;
            values[$"medication[{r}].whoMayGive"] = m.WhoMayGive;
        }

        var keyItems = plan.KeyItems ?? [];
        for (var r = 0; r < keyItems.Count; r++)
        {
            values[$"keyItems[{r}].item"] = keyItems[r].Item;
            values[$"keyItems[{r}].location"] = keyItems[r].Location;
        }

        var contacts = (plan.EmergencyContacts ?? []).OrderBy(c => c.Order).ToList();
        for (var r = 0; r < contacts.Count; r++)
        {
            values[$"emergencyContacts[{r}].name"] = contacts[r].Name;
            values[$"emergencyContacts[{r}].relationship"] = contacts[r].Relationship;
            values[$"emergencyContacts[{r}].phone"] = UkPhoneNumbers.Show(contacts[r].Phone);
            values[$"emergencyContacts[{r}].holdsKey"] = contacts[r].HoldsKey ? "true" : "";
        }

        values["aidsAndEquipment"] = Lines(plan.AidsAndEquipment);
        values["gp.name"] = plan.Gp?.Name ?? "";
        values["gp.practice"] = plan.Gp?.Practice ?? "";
        values["gp.phone"] = plan.Gp?.Phone is { } gp ? UkPhoneNumbers.Show(gp) : "";
        values["homeAccess.pets"] = plan.HomeAccess?.Pets ?? "";
        values["homeAccess.hazards"] = plan.HomeAccess?.Hazards ?? "";
        values["homeAccess.accessibility"] = plan.HomeAccess?.Accessibility ?? "";
        values[KeepDoorSecrets] = "true";
        values[WorkersNeeded] = plan.WorkersNeeded.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values["reviewDate"] = plan.ReviewDate.ToString("uuuu-MM-dd", null);
        return new PlanForm(
            values, (plan.RequiredSkills ?? []).ToHashSet(), carer.People.Count,
            medication.Count + BlankRows, keyItems.Count + BlankRows, contacts.Count + BlankRows);
    }

    /// <summary>What was posted, to send on and, if refused, to show again as it was typed.</summary>
    public static PlanForm Posted(IFormCollection form) => new(
        form.Keys.Where(k => k != "requiredSkills" && !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => form[k].ToString()),
        form["requiredSkills"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToHashSet(),
        Rows(form, "people"),
        Rows(form, "medicineRows"),
        Rows(form, "keyItemRows"),
        Rows(form, "contactRows"));

    /// <summary>
    /// The body of PUT /carers/{id}/plan, the whole plan, and which form row each item sent came from, to name the row
    /// card lookup refuses. A person without care needs written is not in the plan; an empty row is no item.
    /// </summary>
    public (object Body, SentRows Rows) ToRequest(string recordedBy)
    {
        var people = Enumerable.Range(0, People).Where(i => Filled($"people[{i}].", "careNeeds", "personalCareTasks", "mobility", "movingAndHandling", "communication", "diet", "allergies", "healthConditions")).ToList();
        var medicines = Enumerable.Range(0, MedicineRows).Where(r => Filled($"medication[{r}].", "name", "dose", "times", "route", "whereKept", "whoMayGive")).ToList();
        var keyItems = Enumerable.Range(0, KeyItemRows).Where(r => Filled($"keyItems[{r}].", "item", "location")).ToList();
        var contacts = Enumerable.Range(0, ContactRows).Where(r => Filled($"emergencyContacts[{r}].", "name", "relationship", "phone")).ToList();
        var body = new
        {
            people = people.Select(i => new
            {
                personId = GuidOrNull($"people[{i}].personId"),
                careNeeds = this[$"people[{i}].careNeeds"],
                personalCareTasks = Split($"people[{i}].personalCareTasks"),
                mobility = this[$"people[{i}].mobility"],
                movingAndHandling = this[$"people[{i}].movingAndHandling"],
                communication = this[$"people[{i}].communication"],
                diet = this[$"people[{i}].diet"],
                allergies = Split($"people[{i}].allergies"),
                healthConditions = Split($"people[{i}].healthConditions"),
            }).ToList(),
            medication = medicines.Select(r => new
            {
                personId = GuidOrNull($"medication[{r}].personId"),
                name = this[$"medication[{r}].name"],
                dose = this[$"medication[{r}].dose"],
                times = (this[$"medication[{r}].times"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                route = this[$"medication[{r}].route"],
                whereKept = this[$"medication[{r}].whereKept"],
                whoMayGive = this[$"medication[{r}].whoMayGive"],
            }).ToList(),
            aidsAndEquipment = Split("aidsAndEquipment"),
            gp = new { name = this["gp.name"], practice = this["gp.practice"], phone = this["gp.phone"] },
            homeAccess = new
            {
                entryInstructions = this["homeAccess.entryInstructions"],
                keySafeCode = this["homeAccess.keySafeCode"],
                pets = this["homeAccess.pets"],
                hazards = this["homeAccess.hazards"],
                accessibility = this["homeAccess.accessibility"],
                keepDoorSecrets = KeepingDoorSecrets,
            },
            keyItems = keyItems.Select(r => new { item = this[$"keyItems[{r}].item"], location = this[$"keyItems[{r}].location"] }).ToList(),
            requiredSkills = Skills.ToList(),
            workersNeeded = WorkersOrZero(),
            emergencyContacts = contacts.Select(r => new
            {
                name = this[$"emergencyContacts[{r}].name"],
                relationship = this[$"emergencyContacts[{r}].relationship"],
                phone = this[$"emergencyContacts[{r}].phone"],
                holdsKey = HoldsKey(r),
            }).ToList(),
            reviewDate = this["reviewDate"],
            recordedBy,
        };
        return (body, new SentRows(people, medicines, keyItems, contacts));
    }

    private bool Filled(string prefix, params string[] fields) => fields.Any(f => !string.IsNullOrWhiteSpace(this[prefix + f]));

    private string[] Split(string field) =>
        (this[field] ?? "").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Card lookup names a person it does not know; text that is no id at all goes as none, and is refused the same way.
    private Guid? GuidOrNull(string field) => Guid.TryParse(this[field], out var id) ? id : null;

    // Nothing chosen is one worker; text that is no number goes as 0, so card lookup refuses it by name rather than it reading as one.
    private int? WorkersOrZero() =>
        string.IsNullOrWhiteSpace(this[WorkersNeeded]) ? null
        : int.TryParse(this[WorkersNeeded], System.Globalization.CultureInfo.InvariantCulture, out var workers) ? workers : 0;

    private static string Lines(IEnumerable<string>? items) => string.Join("\n", items ?? []);

    private static int Rows(IFormCollection form, string field) =>
        int.TryParse(form[field], out var rows) ? Math.Clamp(rows, 0, MostRows) : 0;
}

/// <summary>Which form row each item sent to card lookup came from: card lookup's <c>medication[0]</c> may be the form's third row.</summary>
public sealed record SentRows(IReadOnlyList<int> People, IReadOnlyList<int> Medicines, IReadOnlyList<int> KeyItems, IReadOnlyList<int> Contacts);
