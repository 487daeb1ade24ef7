using System.Xml.Linq;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>Builds the TwiML documents the phone line answers with. Words are short: the caller may be in a noisy street.</summary>
public static class TwiML
{
    private const string Language = "en-GB";

    public static XElement Say(string words) => new("Say", new XAttribute("language", Language), words);

    public static XElement GatherCard(int attempt, string prompt) =>
        new("Gather",
            new XAttribute("input", "dtmf speech"),
            new XAttribute("finishOnKey", "#"),
            new XAttribute("timeout", "10"),
            new XAttribute("speechTimeout", "auto"),
            new XAttribute("language", Language),
            new XAttribute("hints", "zero, one, two, three, four, five, six, seven, eight, nine, oh"),
            new XAttribute("actionOnEmptyResult", "true"),
            new XAttribute("action", $"/twilio/voice/card?attempt={attempt}"),
            new XAttribute("method", "POST"),
            Say(prompt));

    public static XElement Dial(int attempt, string number) =>
        new("Dial",
            new XAttribute("action", $"/twilio/voice/dial-status?attempt={attempt}"),
            new XAttribute("method", "POST"),
            new XAttribute("timeout", "20"),
            new XAttribute("answerOnBridge", "true"),
            new XElement("Number", number));

    public static XElement Redirect(string url) => new("Redirect", new XAttribute("method", "POST"), url);

    public static IResult Respond(params XElement[] verbs)
    {
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("Response", verbs));
        return Results.Content($"{document.Declaration}\n{document.ToString(SaveOptions.DisableFormatting)}", "application/xml");
    }
}
