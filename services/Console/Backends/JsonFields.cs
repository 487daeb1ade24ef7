using System.Text.Json;

namespace Cers.Dispatch.Console.Backends;

/// <summary>Reading JSON whose shape belongs to another service (a timeline step's data): a missing or null field is simply absent.</summary>
public static class JsonFields
{
    public static string? Text(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.ToString()
            : null;
}
