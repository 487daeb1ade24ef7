using System.Text.Json;
using System.Text.Json.Nodes;
using Cers.Dispatch.ServiceDefaults.Privacy;

namespace Cers.Dispatch.CrisisIntake.Activations.Privacy;

/// <summary>
/// Each activation's personal data is sealed under a key of its own, so it can be shredded on its own: after the
/// retention period, or when the carer is forgotten, without touching any other activation's history.
/// </summary>
public static class ActivationPrivacy
{
    public static string Subject(Guid activationId) => $"activation:{activationId}";

    public static Sealed<string>? SealOptional(this SubjectKey key, string? value) => value is null ? null : key.Seal(value);

    /// <summary>An event as JSON with every sealed value opened (or marked erased), for audit views and exports.</summary>
    public static JsonNode? Reveal(object data, SubjectKey? key, JsonSerializerOptions json) =>
        Open(JsonSerializer.SerializeToNode(data, data.GetType(), json), key);

    private static JsonNode? Open(JsonNode? node, SubjectKey? key) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Open(p.Value, key)))),
        JsonArray a => new JsonArray(a.Select(item => Open(item, key)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) && new Sealed<string>(text) is { WasStoredInClear: false } sealedValue =>
            JsonValue.Create(key.Show(sealedValue)),
        _ => node?.DeepClone(),
    };
}
