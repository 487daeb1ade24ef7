using System.Text.Json;
using Cers.Dispatch.ServiceDefaults;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Backends;

/// <summary>Reading the services' JSON answers for a page: a missing or null field is simply absent.</summary>
public static class JsonFields
{
    public static string? Text(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.ToString()
            : null;

    public static JsonElement? Field(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v
            : null;

    public static IReadOnlyList<JsonElement> Items(this JsonElement e, string name) =>
        e.Field(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];

    public static IReadOnlyList<string> Words(this JsonElement e, string name) =>
        e.Items(name).Select(i => i.ToString()).Where(s => s.Length > 0).ToList();

    /// <summary>An instant field shown in UK time, as people read times everywhere in the console.</summary>
    public static string? UkTime(this JsonElement e, string name) =>
        e.Text(name) is { } text && InstantPattern.ExtendedIso.Parse(text) is { Success: true } parsed ? LondonTime.Show(parsed.Value) : e.Text(name);

    /// <summary>A person's name however the service gives it: "name" as text or as {first, last}, or firstName and lastName.</summary>
    public static string? PersonName(this JsonElement e) =>
        e.Field("name") switch
        {
            { ValueKind: JsonValueKind.Object } name => Join(name.Text("first"), name.Text("last")),
            { } name => name.ToString(),
            null => Join(e.Text("firstName"), e.Text("lastName")),
        };

    private static string? Join(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } full ? full : null;
}
