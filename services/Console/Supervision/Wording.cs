using Cers.Dispatch.ServiceDefaults;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>The services' names for things (enum values), as people read them on a console page.</summary>
public static class Wording
{
    /// <summary>"AdmittedToHospital" → "Admitted to hospital", "PartnerApi" → "Partner API".</summary>
    public static string Words(string? name) => PlainWords.Sentence(name);
}
