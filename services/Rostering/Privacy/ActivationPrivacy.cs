using Cers.Dispatch.ServiceDefaults.Privacy;

namespace Cers.Dispatch.Rostering.Privacy;

/// <summary>
/// What rostering keeps about an activation that may mention health (handover notes: medication given, what to watch) is
/// sealed under a key per activation in rostering's own schema, so it is shredded on its own when the carer is forgotten.
/// </summary>
public static class ActivationPrivacy
{
    public static string Subject(Guid activationId) => $"activation:{activationId}";

    /// <summary>The value opened with whichever of <paramref name="keys"/> sealed it; the erased marker when that key was shredded.</summary>
    public static string Show(this IReadOnlyDictionary<Guid, SubjectKey> keys, Sealed<string> value) =>
        value.WasStoredInClear ? value.Envelope : keys.GetValueOrDefault(value.KeyId).Show(value);

    /// <summary>The key ids of these values; values stored before sealing have none.</summary>
    public static IEnumerable<Guid> KeyIds(this IEnumerable<Sealed<string>> values) =>
        values.Where(v => !v.WasStoredInClear).Select(v => v.KeyId);
}
