using System.Xml.Linq;

namespace Cers.Dispatch.Rostering.Alarms.Acknowledging;

/// <summary>
/// POST /twilio/voice/alarms/{alarmId}/keypress: the key pressed on an alarm's call (Twilio's Gather). The call was placed
/// to the paged person, so Twilio's "To" is their number.
/// </summary>
public static class PressingOneOnTheCall
{
    public static async Task<IResult> Handle(Guid alarmId, HttpRequest request, AlarmAcknowledgements acknowledgements, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var acknowledged = await acknowledgements.ByKeypressAsync(alarmId, form["To"].ToString(), form["Digits"].ToString(), cancellationToken);
        var words = acknowledged
            ? "Thank you. The alarm is yours and paging has stopped. Please open the console now."
            : form["Digits"] == "1"
                ? "This alarm has already been answered. Thank you."
                : "The alarm is not acknowledged. We will page you again.";
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("Response", new XElement("Say", new XAttribute("language", "en-GB"), words)));
        return Results.Content($"{document.Declaration}\n{document.ToString(SaveOptions.DisableFormatting)}", "application/xml");
    }
}
