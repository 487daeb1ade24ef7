using PhoneNumbers;

namespace Cers.Dispatch.CardLookup.Common;

public static class PhoneNumberText
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 ("+447700900123") for a number written the UK way or internationally; null when it cannot be dialled.</summary>
    public static string? ToE164(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        try
        {
            var parsed = Util.Parse(text, "GB");
            return Util.IsValidNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
