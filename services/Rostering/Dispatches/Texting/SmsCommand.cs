namespace Cers.Dispatch.Rostering.Dispatches.Texting;

public enum SmsVerb
{
    Unknown,
    Yes,
    No,
    Arrived,
    Left,
    Handover,
    Ack,
}

/// <summary>A worker's SMS read as a command; <paramref name="Notes"/> is the text after HANDOVER, as the worker wrote it.</summary>
public sealed record SmsCommand(SmsVerb Verb, string? Code, string? Notes = null);

public static class SmsCommandParser
{
    private const string HandoverWord = "HANDOVER";

    /// <summary>Reads "YES K7QF", "no k7qf", "Arrived", "LEFT.", "Handover: gave 10mg at 18:00", "ACK H3MX" and the like; anything else is Unknown.</summary>
    public static SmsCommand Parse(string? body)
    {
        var text = (body ?? "").Trim();
        if (text.StartsWith(HandoverWord, StringComparison.OrdinalIgnoreCase)
            && (text.Length == HandoverWord.Length || !char.IsLetterOrDigit(text[HandoverWord.Length])))
        {
            return new SmsCommand(SmsVerb.Handover, null, text[HandoverWord.Length..].TrimStart(' ', '\t', '\r', '\n', ':', '-', '.', ',').TrimEnd());
        }

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
            "ACK" or "ACKNOWLEDGE" or "ACKNOWLEDGED" => SmsVerb.Ack,
            _ => SmsVerb.Unknown,
        };
        return new SmsCommand(verb, verb is SmsVerb.Yes or SmsVerb.No or SmsVerb.Ack && words.Length > 1 ? words[1] : null);
    }
}
