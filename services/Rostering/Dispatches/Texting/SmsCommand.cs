namespace Cers.Dispatch.Rostering.Dispatches.Texting;

public enum SmsVerb
{
    Unknown,
    Yes,
    No,
    Arrived,
    Left,
}

public sealed record SmsCommand(SmsVerb Verb, string? Code);

public static class SmsCommandParser
{
    /// <summary>Reads "YES K7QF", "no k7qf", "Arrived", "LEFT." and the like; anything else is Unknown.</summary>
    public static SmsCommand Parse(string? body)
    {
        var words = (body ?? "").ToUpperInvariant()
            .Split([' ', '\t', '\r', '\n', '.', ',', '!', ':', '-'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 3)
        {
            return new SmsCommand(SmsVerb.Unknown, null);
        }

        var verb = words[0] switch
        {
            "YES" or "Y" => SmsVerb.Yes,
            "NO" or "N" => SmsVerb.No,
            "ARRIVED" or "ARRIVE" or "HERE" => SmsVerb.Arrived,
            "LEFT" or "LEAVING" => SmsVerb.Left,
            _ => SmsVerb.Unknown,
        };
        return new SmsCommand(verb, verb is SmsVerb.Yes or SmsVerb.No && words.Length > 1 ? words[1] : null);
    }
}
