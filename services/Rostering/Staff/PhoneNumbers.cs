using PhoneNumbers;

namespace Cers.Dispatch.Rostering.Staff;

public static class StaffPhoneNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The number in E.164, read as a UK number unless it starts with +; null unless it is a valid mobile number, since
    /// offers and alerts go by SMS.
    /// </summary>
    public static string? ToE164(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return null;
        }

        try
        {
            var number = Util.Parse(text, "GB");
            var mobile = Util.IsValidNumber(number) && Util.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
            return mobile || IsDramaMobile(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// Ofcom keeps 07700 900000-900999 for drama and never allocates it, so no real person is reached: the demo and
    /// training staff use it. The phone metadata calls it invalid, so it is let through by name.
    /// </summary>
    private static bool IsDramaMobile(PhoneNumber number) =>
        number.CountryCode == 44 && number.NationalNumber is >= 7700900000 and <= 7700900999;
}
