using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.TwilioStandIn;

/// <summary>
/// Twilio's side of a call to the service's number: posts the voice webhook, follows the TwiML that comes back as Twilio
/// would (Say is heard, Gather waits for keys, Redirect fetches the next document, Dial puts the caller through), and posts
/// the caller's keys and the dialled leg's outcome to the actions the TwiML names.
/// </summary>
public sealed class PlayingACall(SignedWebhooks webhooks, Switchboard switchboard, IOptions<StandInOptions> options)
{
    private const int MostRedirects = 10;

    public async Task<EmergencyCall> DialAsync(string from)
    {
        var settings = options.Value;
        var call = new EmergencyCall("CA" + Guid.NewGuid().ToString("N"), from, settings.ServiceNumber, switchboard.Version, [], new CallWaiting.Ended());
        call = call.With(CallLineKind.CallerDid, $"Dialled {settings.ServiceNumber}");
        call = settings.VoiceWebhookUrl is { } webhook
            ? await FetchAsync(call, webhook, [], 0)
            : call.With(CallLineKind.CallWent, "Nobody answers: the stand-in has no voice webhook (StandIn:VoiceWebhookUrl).");
        switchboard.Keep(call);
        return call;
    }

    /// <summary>The caller keys <paramref name="keys"/> (empty: says nothing) while a Gather waits.</summary>
    public async Task<EmergencyCall?> KeyAsync(string sid, string keys)
    {
        if (switchboard.Call(sid) is not { Waiting: CallWaiting.ForKeys gather } call)
        {
            return null;
        }

        var digits = new string(keys.TrimEnd(gather.FinishOnKey.ToCharArray()).Where(c => char.IsAsciiDigit(c) || c == '*').ToArray());
        call = call.With(CallLineKind.CallerDid, digits.Length == 0 ? "Stayed silent" : $"Keyed {digits}{gather.FinishOnKey}");
        call = digits.Length > 0 || gather.ActionOnEmptyResult
            ? await FetchAsync(call, gather.Action, new() { ["Digits"] = digits, ["FinishedOnKey"] = digits.Length > 0 ? gather.FinishOnKey : "" }, 0)
            : await RunAsync(call, gather.Document, gather.Rest, 0);
        switchboard.Keep(call);
        return call;
    }

    /// <summary>The dialled person answers and the conversation ends (completed), or the phone rings out (no-answer).</summary>
    public async Task<EmergencyCall?> DialledLegEndedAsync(string sid, bool answered)
    {
        if (switchboard.Call(sid) is not { Waiting: CallWaiting.ForAnswer dial } call)
        {
            return null;
        }

        call = call.With(CallLineKind.CallWent, answered ? $"{dial.Number} answered; the conversation ended" : $"{dial.Number} did not answer");
        call = await FetchAsync(call, dial.Action, new()
        {
            ["DialCallStatus"] = answered ? "completed" : "no-answer", ["DialCallSid"] = "CA" + Guid.NewGuid().ToString("N"),
            ["DialCallDuration"] = answered ? "95" : "0",
        }, 0);
        switchboard.Keep(call);
        return call;
    }

    public EmergencyCall? HangUp(string sid)
    {
        if (switchboard.Call(sid) is not { InProgress: true } call)
        {
            return null;
        }

        call = call.With(CallLineKind.CallerDid, "Hung up") with { Waiting = new CallWaiting.Ended() };
        switchboard.Keep(call);
        return call;
    }

    private async Task<EmergencyCall> FetchAsync(EmergencyCall call, Uri url, Dictionary<string, string> parameters, int redirects)
    {
        var settings = options.Value;
        var form = new Dictionary<string, string>(parameters)
        {
            ["AccountSid"] = settings.AccountSid, ["ApiVersion"] = "2010-04-01", ["CallSid"] = call.Sid, ["From"] = call.From, ["To"] = call.To,
            ["CallStatus"] = "in-progress", ["Direction"] = "inbound",
        };
        var answer = await webhooks.PostAsync(url, settings.AuthToken, form);
        if (!answer.Succeeded || answer.TwiML is null)
        {
            var why = answer.Status == 0 ? "could not be reached" : $"answered {answer.Status}";
            return call.With(CallLineKind.CallWent, $"An application error has occurred: the service {why}. The call ends.") with { Waiting = new CallWaiting.Ended() };
        }

        return await RunAsync(call, url, answer.TwiML.Elements().ToList(), redirects);
    }

    private async Task<EmergencyCall> RunAsync(EmergencyCall call, Uri document, IReadOnlyList<XElement> verbs, int redirects)
    {
        for (var i = 0; i < verbs.Count; i++)
        {
            var verb = verbs[i];
            switch (verb.Name.LocalName)
            {
                case "Say":
                    call = call.With(CallLineKind.ServiceSaid, verb.Value);
                    break;
                case "Gather":
                    foreach (var say in verb.Elements("Say"))
                    {
                        call = call.With(CallLineKind.ServiceSaid, say.Value);
                    }

                    return call with
                    {
                        Waiting = new CallWaiting.ForKeys(
                            ActionOf(verb, document), (string?)verb.Attribute("actionOnEmptyResult") == "true", (string?)verb.Attribute("finishOnKey") ?? "#",
                            document, verbs.Skip(i + 1).ToList()),
                    };
                case "Redirect" when redirects < MostRedirects:
                    return await FetchAsync(call, new Uri(document, verb.Value), [], redirects + 1);
                case "Dial":
                    var number = verb.Element("Number")?.Value ?? verb.Value;
                    return call.With(CallLineKind.CallWent, $"Put through to {number}: ringing") with { Waiting = new CallWaiting.ForAnswer(number, ActionOf(verb, document)) };
                case "Hangup" or "Reject" or "Redirect":
                    return Ends(call);
            }
        }

        return Ends(call);
    }

    private static EmergencyCall Ends(EmergencyCall call) => call.With(CallLineKind.CallWent, "The service ended the call") with { Waiting = new CallWaiting.Ended() };

    private static Uri ActionOf(XElement verb, Uri document) => (string?)verb.Attribute("action") is { Length: > 0 } action ? new Uri(document, action) : document;
}
