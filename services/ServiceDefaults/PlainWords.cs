using System.Text;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>The services' names for things (enum values, kebab-case reasons), as people read them.</summary>
public static class PlainWords
{
    /// <summary>"AdmittedToHospital" → "admitted to hospital", "nobody-qualified-available" → "nobody qualified available", "PartnerApi" → "partner API".</summary>
    public static string Of(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var words = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '-' or '_')
            {
                words.Append(' ');
            }
            else if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) && name[i - 1] is not ('-' or '_'))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(char.ToLowerInvariant(c));
            }
        }

        return string.Join(' ', words.ToString().Split(' ').Select(word => word == "api" ? "API" : word));
    }

    /// <summary>As <see cref="Of(string?)"/>, for an enum value.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Of(value.ToString());

    /// <summary>"AdmittedToHospital" → "Admitted to hospital": the words beginning a sentence or standing alone.</summary>
    public static string Sentence(string? name) => Of(name) is { Length: > 0 } words ? char.ToUpperInvariant(words[0]) + words[1..] : "";
}
