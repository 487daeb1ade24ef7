namespace Cers.Dispatch.Escalation.BankHolidays;

/// <summary>The UK's bank-holiday divisions, named as GOV.UK names them; the carer's address decides which applies.</summary>
public enum Nation
{
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

public static class Nations
{
    public static string Division(this Nation nation) => nation switch
    {
        Nation.EnglandAndWales => "england-and-wales",
        Nation.Scotland => "scotland",
        Nation.NorthernIreland => "northern-ireland",
        _ => throw new ArgumentOutOfRangeException(nameof(nation), nation, null),
    };

    /// <summary>Accepts the GOV.UK division names, and England or Wales on their own, in any case.</summary>
    public static bool TryParse(string? text, out Nation nation)
    {
        nation = default;
        switch (text?.Trim().ToUpperInvariant().Replace('_', '-').Replace(' ', '-'))
        {
            case "ENGLAND-AND-WALES" or "ENGLAND" or "WALES" or "ENGLANDANDWALES":
                nation = Nation.EnglandAndWales;
                return true;
            case "SCOTLAND":
                nation = Nation.Scotland;
                return true;
            case "NORTHERN-IRELAND" or "NORTHERNIRELAND":
                nation = Nation.NorthernIreland;
                return true;
            default:
                return false;
        }
    }

    public const string Accepted = "england-and-wales, scotland or northern-ireland";
}
