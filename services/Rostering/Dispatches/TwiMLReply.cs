using System.Xml.Linq;

namespace Cers.Dispatch.Rostering.Dispatches;

public static class TwiMLReply
{
    /// <summary>Answers an incoming SMS: Twilio sends the message text back to the sender; an empty Response sends nothing.</summary>
    public static IResult Message(string? text)
    {
        var response = string.IsNullOrEmpty(text) ? new XElement("Response") : new XElement("Response", new XElement("Message", text));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), response);
        return Results.Content($"{document.Declaration}\n{document.ToString(SaveOptions.DisableFormatting)}", "application/xml");
    }
}
