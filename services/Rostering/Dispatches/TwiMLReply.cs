using Twilio.TwiML;

namespace Cers.Dispatch.Rostering.Dispatches;

public static class TwiMLReply
{
    /// <summary>Answers an incoming SMS: Twilio sends the message text back to the sender; an empty Response sends nothing.</summary>
    public static IResult Message(string? text)
    {
        var response = new MessagingResponse();
        if (!string.IsNullOrEmpty(text))
        {
            response.Message(text);
        }

        return Results.Content(response.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), "application/xml");
    }
}
