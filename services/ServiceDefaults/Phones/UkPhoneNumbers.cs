using PhoneNumbers;

namespace Cers.Dispatch.ServiceDefaults.Phones;

/// <summary>
/// Every phone number the service parses, checks or shows goes through here (libphonenumber): read as a UK number
/// unless written with +, stored in E.164, shown the UK way. Ofcom's ranges for drama are accepted: they are never
/// allocated, so examples, the demo and training reach nobody, though the numbering metadata calls some of them invalid.
/// </summary>
public static class UkPhoneNumbers
{
    public const string Example = "07700 900123 or 0113 496 0000";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Ofcom's drama ranges that the metadata refuses, as national numbers: mobile, Tyneside-style 01632, freephone, UK-wide.</summary>
    private static readonly (ulong From, ulong To, bool Mobile)[] DramaRanges =
    [
        (7700900000, 7700900999, true),
        (1632960000, 1632960999, false),
        (8081570000, 8081570999, false),
        (3069990000, 3069990999, false),
    ];

    /// <summary>The number in E.164 if it can be dialled (any type the numbering plan allows), else null.</summary>
    public static string? ToE164(string? text) =>
        Parse(text) is { } number && IsDiallable(number) ? E164(number) : null;

    /// <summary>The number in E.164 if it can take an SMS (a mobile), else null: offers, alarms and alerts go by SMS.</summary>
    public static string? MobileToE164(string? text) =>
        Parse(text) is { } number && (IsValidMobile(number) || Drama(number) is { Mobile: true }) ? E164(number) : null;

    /// <summary>How a person reads the number: "07700 900123", "020 7946 0123"; abroad, "+353 1 234 5678". Text that is no number comes back as it was.</summary>
    public static string Show(string? text)
    {
        if (Parse(text) is not { } number || !IsDiallable(number))
        {
            return text ?? "";
        }

        return Drama(number) is not null ? DramaNational(number)
            : Util.Format(number, number.CountryCode == 44 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
    }

    private static PhoneNumber? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        try
        {
            return Util.Parse(text, "GB");
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static bool IsDiallable(PhoneNumber number) => Util.IsValidNumber(number) || Drama(number) is not null;

    private static bool IsValidMobile(PhoneNumber number) =>
        Util.IsValidNumber(number) && Util.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;

    private static (ulong From, ulong To, bool Mobile)? Drama(PhoneNumber number) =>
        number.CountryCode == 44 && DramaRanges.FirstOrDefault(r => number.NationalNumber >= r.From && number.NationalNumber <= r.To) is { From: > 0 } range
            ? range
            : null;

    private static string E164(PhoneNumber number) => Util.Format(number, PhoneNumberFormat.E164);

    // The metadata cannot format a number it holds invalid: 0 + 4 + 6 digits (07700 900123) or 0 + 3 + 7 (0808 157 0000).
    private static string DramaNational(PhoneNumber number)
    {
        var digits = number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return digits[0] is '7' or '1' ? $"0{digits[..4]} {digits[4..]}" : $"0{digits[..3]} {digits[3..6]} {digits[6..]}";
    }
}
