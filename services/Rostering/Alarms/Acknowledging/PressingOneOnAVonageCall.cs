using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cers.Dispatch.Rostering.Alarms.Acknowledging;

/// <summary>
/// POST /vonage/voice/alarms/{alarmId}/keypress: Vonage's input event for an alarm's call placed through it
/// (<c>{"dtmf": {"digits": "1"}, "to": "447700900123", ...}</c>); answered with an NCCO that says what happened.
/// </summary>
public static class PressingOneOnAVonageCall
{
    public static async Task<IResult> Handle(Guid alarmId, HttpRequest request, AlarmAcknowledgements acknowledgements, CancellationToken cancellationToken)
    {
        var input = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        var digits = input.TryGetProperty("dtmf", out var dtmf) && dtmf.TryGetProperty("digits", out var d) ? d.GetString() ?? "" : "";
        var to = input.TryGetProperty("to", out var callee) ? callee.GetString() ?? "" : "";
        var acknowledged = await acknowledgements.ByKeypressAsync(alarmId, to.StartsWith('+') ? to : $"+{to}", digits, cancellationToken);
        var words = acknowledged
            ? "Thank you. The alarm is yours and paging has stopped. Please open the console now."
            : digits == "1" ? "This alarm has already been answered. Thank you." : "The alarm is not acknowledged. We will page you again.";
        return Results.Json(new JsonArray(new JsonObject { ["action"] = "talk", ["text"] = words, ["language"] = "en-GB" }));
    }
}
