namespace Cers.Dispatch.ServiceDefaults.Places;

/// <summary>The UK's postcode areas: the letters a postcode starts with, "CB" of "CB1 2AB", "G" of "G12 8QQ".</summary>
public static class PostcodeAreas
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH", "CM", "CO", "CR", "CT",
        "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL",
        "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L",
        "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
        "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR",
        "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR",
        "WS", "WV", "YO", "ZE",
    };

    /// <summary>"CB1 Cambridge", "cb", "G12 8QQ" → "CB", "CB", "G"; null when the leading letters are not a UK postcode area.</summary>
    public static string? Of(string? text)
    {
        var letters = new string((text ?? "").TrimStart().TakeWhile(char.IsAsciiLetter).ToArray()).ToUpperInvariant();
        return All.Contains(letters) ? letters : null;
    }
}
