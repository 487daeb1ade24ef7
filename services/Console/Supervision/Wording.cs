using System.Text;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>The services' names for things (enum values), as people read them.</summary>
public static class Wording
{
    /// <summary>"AdmittedToHospital" → "Admitted to hospital", "PartnerApi" → "Partner API".</summary>
    public static string Words(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var words = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(i == 0 ? name[i] : char.ToLowerInvariant(name[i]));
        }

        return words.ToString().Replace(" api", " API", StringComparison.Ordinal);
    }
}
