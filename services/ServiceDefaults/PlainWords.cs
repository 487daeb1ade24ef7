using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>The services' names for things (enum values, kebab-case reasons), as people read them.</summary>
public static partial class PlainWords
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
            if (c is '-' or '_' or ' ')
            {
                words.Append(' ');
            }
            else if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) && name[i - 1] is not ('-' or '_' or ' '))
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

    /// <summary>A request field's path as problem+json names it: "reportedBy.callBackNumber" → "Reported by call back number", "phones[0].number" → "Phones 1 number".</summary>
    public static string Field(string path) =>
        Sentence(FieldIndex().Replace(path, m => $" {int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1}").Replace('.', ' '));

    /// <summary>As <see cref="Of(string?)"/>, for an enum value.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Of(value.ToString());

    /// <summary>"AdmittedToHospital" → "Admitted to hospital": the words beginning a sentence or standing alone.</summary>
    public static string Sentence(string? name) => Of(name) is { Length: > 0 } words ? char.ToUpperInvariant(words[0]) + words[1..] : "";

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex FieldIndex();
}
