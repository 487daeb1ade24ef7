using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Escalation.BankHolidays;

/// <summary>The shape of GOV.UK's bank-holidays.json: one division per nation, each with its dated events.</summary>
public sealed record BankHolidayDivision(
    [property: JsonPropertyName("division")] string Division,
    [property: JsonPropertyName("events")] IReadOnlyList<BankHolidayEvent> Events);

public sealed record BankHolidayEvent(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("notes")] string? Notes,
    [property: JsonPropertyName("bunting")] bool Bunting);

public static class BankHolidayDocument
{
    public static readonly string[] Divisions = ["england-and-wales", "scotland", "northern-ireland"];

    /// <summary>Reads a GOV.UK document; returns the calendar, or every way in which the document is not one.</summary>
    public static (BankHolidayCalendar? Calendar, IReadOnlyList<string> Problems) Parse(string json)
    {
        Dictionary<string, BankHolidayDivision?>? divisions;
        try
        {
            divisions = JsonSerializer.Deserialize<Dictionary<string, BankHolidayDivision?>>(json);
        }
        catch (JsonException e)
        {
            return (null, [$"Not a JSON object of divisions: {e.Message}"]);
        }

        if (divisions is null)
        {
            return (null, ["The document is empty."]);
        }

        var problems = new List<string>();
        var dates = new Dictionary<Nation, IReadOnlySet<LocalDate>>();
        foreach (var name in Divisions)
        {
            if (!divisions.TryGetValue(name, out var division) || division is null)
            {
                problems.Add($"Division \"{name}\" is missing.");
                continue;
            }

            if (division.Division != name)
            {
                problems.Add($"Division \"{name}\" names itself \"{division.Division}\".");
            }

            if (division.Events is null || division.Events.Count == 0)
            {
                problems.Add($"Division \"{name}\" has no events.");
                continue;
            }

            var days = new HashSet<LocalDate>();
            foreach (var (holiday, index) in division.Events.Select((e, i) => (e, i)))
            {
                var parsed = LocalDatePattern.Iso.Parse(holiday?.Date ?? "");
                if (holiday is null || string.IsNullOrWhiteSpace(holiday.Title) || !parsed.Success)
                {
                    problems.Add($"Division \"{name}\" event {index} needs a title and a date as yyyy-MM-dd.");
                    continue;
                }

                days.Add(parsed.Value);
            }

            if (Nations.TryParse(name, out var nation))
            {
                dates[nation] = days;
            }
        }

        return problems.Count > 0 ? (null, problems) : (new BankHolidayCalendar(dates), problems);
    }
}
