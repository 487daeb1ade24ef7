using System.Text.RegularExpressions;
using Cers.Dispatch.Console.Backends;

namespace Cers.Dispatch.Console.Plans;

/// <summary>Card lookup's refusal of a plan, each wrong field named by the form row and label the person typed it in.</summary>
public sealed partial record PlanRefusal(string Summary, IReadOnlyList<string> Fields, int Status)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["people"] = "People covered",
        ["careNeeds"] = "care needs",
        ["personalCareTasks"] = "personal care tasks",
        ["movingAndHandling"] = "moving and handling",
        ["healthConditions"] = "health conditions",
        ["personId"] = "who it is for",
        ["times"] = "times",
        ["route"] = "how it is given",
        ["whereKept"] = "where it is kept",
        ["whoMayGive"] = "who may give it",
        ["location"] = "where it is kept",
        ["phone"] = "phone number",
        ["entryInstructions"] = "entry instructions",
        ["keySafeCode"] = "key-safe code",
        ["keepDoorSecrets"] = "keeping the entry instructions and key-safe code",
        ["aidsAndEquipment"] = "Aids and equipment",
        ["requiredSkills"] = "Skills needed",
        ["workersNeeded"] = "Care workers needed at once",
        ["emergencyContacts"] = "Emergency contacts",
        ["medication"] = "Medication",
        ["keyItems"] = "Key items",
        ["reviewDate"] = "Review date",
        ["recordedBy"] = "Recorded by",
        ["gp"] = "GP",
        ["homeAccess"] = "Getting in",
    };

    public static PlanRefusal Of(ServiceAnswer answer, SentRows rows, CarerShown? carer)
    {
        var status = answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status;
        if (answer.Status != StatusCodes.Status400BadRequest || answer.FieldErrors() is not { } errors)
        {
            return new PlanRefusal(answer.Problem ?? "Card lookup did not record the plan; nothing was stored.", [], status);
        }

        var fields = errors.Select(e => $"{Where(e.Field, rows, carer)}: {string.Join(" ", e.Messages)}").ToList();
        return new PlanRefusal("The plan was not recorded; nothing was stored. Put right:", fields, status);
    }

    /// <summary>"medication[0].times[1]" → "Medicine in row 3, times".</summary>
    private static string Where(string field, SentRows rows, CarerShown? carer)
    {
        var parts = field.Split('.');
        var words = new List<string>();
        foreach (var part in parts)
        {
            var indexed = Indexed().Match(part);
            var name = indexed.Success ? indexed.Groups["name"].Value : part;
            var index = indexed.Success ? int.Parse(indexed.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            words.Add((name, index) switch
            {
                ("people", { } i) => PersonAt(Row(rows.People, i), carer),
                ("medication", { } i) => $"Medicine in row {Row(rows.Medicines, i) + 1}",
                ("keyItems", { } i) => $"Key item in row {Row(rows.KeyItems, i) + 1}",
                ("emergencyContacts", { } i) => $"Emergency contact in row {Row(rows.Contacts, i) + 1}",
                _ => Labels.GetValueOrDefault(name, name),
            });
        }

        return string.Join(", ", words);
    }

    private static int Row(IReadOnlyList<int> sent, int index) => index < sent.Count ? sent[index] : index;

    private static string PersonAt(int row, CarerShown? carer) =>
        carer is not null && row < carer.People.Count ? carer.People[row].Name.ToString() : $"Person {row + 1}";

    [GeneratedRegex(@"^(?<name>[A-Za-z]+)\[(?<index>\d+)\]$")]
    private static partial Regex Indexed();
}
