using Twilio.TwiML;
using Twilio.TwiML.Voice;
using TwilioMethod = Twilio.Http.HttpMethod;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>The phone line's TwiML, built with Twilio's own VoiceResponse. Words are short: the caller may be in a noisy street.</summary>
public static class TwiML
{
    public static Say Say(string words) => new(words, language: Twilio.TwiML.Voice.Say.LanguageEnum.EnGb);

    public static Gather GatherCard(int attempt, string prompt) =>
        new Gather(
            input: [Gather.InputEnum.Dtmf, Gather.InputEnum.Speech],
            action: Relative($"/twilio/voice/card?attempt={attempt}"),
            method: TwilioMethod.Post,
            timeout: 10,
            speechTimeout: "auto",
            finishOnKey: "#",
            language: Gather.LanguageEnum.EnGb,
            hints: "zero, one, two, three, four, five, six, seven, eight, nine, oh",
            actionOnEmptyResult: true)
        .Append(Say(prompt));

    public static Dial Dial(int attempt, string number) =>
        new Dial(action: Relative($"/twilio/voice/dial-status?attempt={attempt}"), method: TwilioMethod.Post, timeout: 20, answerOnBridge: true)
            .Number(new Twilio.Types.PhoneNumber(number));

    public static Redirect Redirect(string url) => new(Relative(url), method: TwilioMethod.Post);

    public static IResult Respond(params Twilio.TwiML.TwiML[] verbs)
    {
        var response = new VoiceResponse();
        foreach (var verb in verbs)
        {
            response.Append(verb);
        }

        return Results.Content(response.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), "application/xml");
    }

    private static Uri Relative(string url) => new(url, UriKind.Relative);
}
