using System.Text.RegularExpressions;

namespace Cers.Dispatch.CardLookup.Common;

public static class Nations
{
    public const string EnglandAndWales = "england-and-wales";
    public const string Scotland = "scotland";
    public const string NorthernIreland = "northern-ireland";
}

/// <summary>UK postcodes: one normal form (upper case, one space before the inward code), the district and the nation.</summary>
public static partial class Postcodes
{
    private static readonly HashSet<string> ScottishAreas =
        ["AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"];

    /// <summary>"sw1a1aa", " SW1A  1AA " → "SW1A 1AA"; null when it is not a UK postcode.</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return Shape().IsMatch(compact) ? $"{compact[..^3]} {compact[^3..]}" : null;
    }

    /// <summary>The outward code, "SW1A" of "SW1A 1AA".</summary>
    public static string District(string normalised) => normalised.Split(' ')[0];

    /// <summary>The letters the outward code starts with, "SW" of "SW1A 1AA", "G" of "G12 8QQ".</summary>
    public static string Area(string normalised) => new(normalised.TakeWhile(char.IsAsciiLetter).ToArray());

    /// <summary>Which law and which health service apply: it changes who the coordinator calls.</summary>
    public static string Nation(string normalised) => Area(normalised) switch
    {
        "BT" => Nations.NorthernIreland,
        var area when ScottishAreas.Contains(area) => Nations.Scotland,
        _ => Nations.EnglandAndWales,
    };

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
