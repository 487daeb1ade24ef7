using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cers.Dispatch.Console.Activations;

/// <summary>Crisis intake's API for one activation, as the console reads it.</summary>
public sealed class CrisisIntakeClient(HttpClient http)
{
    public async Task<JsonElement?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)
            : null;
    }
}

public static class ActivationPage
{
    /// <summary>One activation: what it is about, and its whole timeline across services (optionally as it stood at <c>asOf</c>).</summary>
    public static async Task<IResult> Handle(Guid id, string? asOf, CrisisIntakeClient intake, CancellationToken cancellationToken)
    {
        var activation = await intake.GetAsync($"/activations/{id}", cancellationToken);
        var timeline = await intake.GetAsync(TimelinePath(id, asOf), cancellationToken);
        if (activation is not { } a || timeline is not { } t)
        {
            return Html.Page("Not found", $"<h1>No activation {Html.E(id)}</h1>");
        }

        var entries = t.EnumerateArray().Select(e => $"""
            <li><time>{Html.E(e.GetProperty("atLondon").GetString())}</time> <span class="source">{Html.E(e.GetProperty("source").GetString())}</span> {Html.E(e.GetProperty("summary").GetString())}</li>
            """);
        var body = $"""
            <h1>Activation {Html.E(Value(a, "cardNumber") ?? "without card")}</h1>
            <dl>
              <dt>Status</dt><dd>{Html.E(Value(a, "status"))}, {Html.E(Value(a, "identification") switch { "Verified" => "card verified", "NotIdentified" => "card NOT identified", _ => "awaiting card check" })}</dd>
              <dt>Reason</dt><dd>{Html.E(Value(a, "reason"))}</dd>
              <dt>Area</dt><dd>{Html.E(Value(a, "area") ?? "unknown")}</dd>
              <dt>Urgent notes</dt><dd>{Html.E(Value(a, "urgentNotes") ?? "none")}</dd>
            </dl>
            <p class="no-print">
              <a href="/activations/{id}/export.csv">Download CSV</a> ·
              <a href="/activations/{id}/export.json">Download JSON</a> ·
              <a href="javascript:print()">Print</a>
            </p>
            <h2>Timeline{(asOf is null ? "" : $" as it stood at {Html.E(asOf)}")}</h2>
            <ol class="timeline">{string.Concat(entries)}</ol>
            """;
        return Html.Page("Activation", body);
    }

    public static async Task<IResult> ExportJson(Guid id, CrisisIntakeClient intake, CancellationToken cancellationToken) =>
        await intake.GetAsync($"/activations/{id}/timeline", cancellationToken) is { } timeline
            ? Results.Text(timeline.GetRawText(), "application/json", Encoding.UTF8)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");

    public static async Task<IResult> ExportCsv(Guid id, CrisisIntakeClient intake, CancellationToken cancellationToken)
    {
        if (await intake.GetAsync($"/activations/{id}/timeline", cancellationToken) is not { } timeline)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        var csv = new StringBuilder("version,at_utc,at_london,source,event,summary\r\n");
        foreach (var e in timeline.EnumerateArray())
        {
            csv.AppendJoin(',', new[]
            {
                e.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture),
                e.GetProperty("at").GetString(), e.GetProperty("atLondon").GetString(), e.GetProperty("source").GetString(),
                e.GetProperty("event").GetString(), e.GetProperty("summary").GetString(),
            }.Select(Csv)).Append("\r\n");
        }

        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"activation-{id}.csv");
    }

    private static string TimelinePath(Guid id, string? asOf) =>
        asOf is null ? $"/activations/{id}/timeline" : $"/activations/{id}/timeline?asOf={Uri.EscapeDataString(asOf)}";

    private static string? Value(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

    // Quote every field; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula.
    private static string Csv(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
