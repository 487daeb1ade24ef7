using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.TwilioStandIn;

/// <summary>
/// Twilio's side of the staff's phones: a text from a phone goes to the SMS webhook, a key pressed on a call the service placed
/// goes to that call's Gather action, each signed as Twilio signs them; what the service answers is kept on the phone.
/// </summary>
public sealed partial class StaffPhones(SignedWebhooks webhooks, Switchboard switchboard, IOptions<StandInOptions> options)
{
    public async Task<PhoneEntry> TextAsync(string phone, string body)
    {
        var settings = options.Value;
        string answer;
        if (settings.SmsWebhookUrl is not { } webhook)
        {
            answer = "(not sent: the stand-in has no SMS webhook, StandIn:SmsWebhookUrl)";
        }
        else
        {
            var reply = await webhooks.PostAsync(webhook, settings.AuthToken, new Dictionary<string, string>
            {
                ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = settings.AccountSid, ["ApiVersion"] = "2010-04-01",
                ["From"] = phone, ["To"] = settings.ServiceNumber, ["Body"] = body, ["NumMedia"] = "0", ["SmsStatus"] = "received",
            });
            answer = reply.Succeeded
                ? reply.TwiML?.Element("Message")?.Value ?? "(no reply)"
                : $"(not delivered: the service {(reply.Status == 0 ? "could not be reached" : $"answered {reply.Status}")})";
        }

        var entry = new PhoneEntry(0, phone, PhoneEntryKind.SmsSent, body, answer);
        switchboard.Record(entry);
        return entry;
    }

    /// <summary>Presses <paramref name="digits"/> on the call the service placed (<paramref name="callEntry"/>), if it asked for a key.</summary>
    public async Task<PhoneEntry?> PressAsync(long callEntry, string digits)
    {
        if (switchboard.Entry(callEntry) is not { Kind: PhoneEntryKind.CallReceived, KeypressAction: { } action } call)
        {
            return null;
        }

        var settings = options.Value;
        var answer = await webhooks.PostAsync(action, settings.AuthToken, new Dictionary<string, string>
        {
            ["CallSid"] = call.CallSid ?? "", ["AccountSid"] = settings.AccountSid, ["ApiVersion"] = "2010-04-01", ["From"] = settings.ServiceNumber,
            ["To"] = call.Phone, ["Digits"] = digits, ["CallStatus"] = "in-progress", ["Direction"] = "outbound-api",
        });
        var said = answer.Succeeded
            ? string.Join(" ", answer.TwiML?.Descendants("Say").Select(s => s.Value) ?? []) is { Length: > 0 } words ? words : "(silence)"
            : $"(the call dropped: the service {(answer.Status == 0 ? "could not be reached" : $"answered {answer.Status}")})";
        var entry = new PhoneEntry(0, call.Phone, PhoneEntryKind.KeyPressed, digits, said, call.CallSid);
        switchboard.Record(entry);
        return entry;
    }

    /// <summary>The code of the newest offer texted to this phone ("Reply YES K7QF"), if any.</summary>
    public static string? NewestOfferCode(IEnumerable<PhoneEntry> entries) => NewestCode(entries, OfferCode());

    /// <summary>The code of the newest alarm texted to this phone ("Reply ACK 4F2C"), if any.</summary>
    public static string? NewestAlarmCode(IEnumerable<PhoneEntry> entries) => NewestCode(entries, AlarmCode());

    private static string? NewestCode(IEnumerable<PhoneEntry> entries, Regex pattern) =>
        entries.Where(e => e.Kind == PhoneEntryKind.SmsReceived).Select(e => pattern.Match(e.Text)).LastOrDefault(m => m.Success)?.Groups[1].Value;

    [GeneratedRegex(@"\bReply YES ([A-Z0-9]{3,8})\b", RegexOptions.CultureInvariant, 100)]
    public static partial Regex OfferCode();

    [GeneratedRegex(@"\bReply ACK ([A-Z0-9]{3,12})\b", RegexOptions.CultureInvariant, 100)]
    private static partial Regex AlarmCode();
}
