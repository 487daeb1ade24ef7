using System.Net;
using System.Xml.Linq;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>Twilio as a provider of the outgoing queue: its answers read as accepted, throttled, unavailable or refused.</summary>
public sealed class TwilioProvider(IServiceProvider services) : IMessagingProvider
{
    public const string ProviderName = "twilio";

    public string Name => ProviderName;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<TwilioRestClient>();
        try
        {
            var accepted = message.Channel == MessageChannel.Sms
                ? await client.SendSmsAsync(message.To, message.Text, message.StatusCallback, cancellationToken)
                : await client.PlaceCallAsync(message.To, Spoken(message.Text, message.KeypressCallback), cancellationToken);
            return new SendResult.Accepted(accepted.Sid);
        }
        catch (TwilioRequestFailedException failure)
        {
            return failure.Status switch
            {
                HttpStatusCode.TooManyRequests => new SendResult.Throttled(failure.RetryAfter ?? TimeSpan.FromSeconds(1)),
                // Our credentials or Twilio's own trouble: nothing to do with the person we are trying to reach.
                null or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or >= HttpStatusCode.InternalServerError =>
                    new SendResult.Unavailable(failure.Message),
                _ => new SendResult.Refused(failure.Message),
            };
        }
    }

    /// <summary>TwiML that speaks <paramref name="text"/> twice and, with a keypress callback, asks for 1 to be pressed.</summary>
    public static string Spoken(string text, Uri? keypressCallback)
    {
        XElement Say(string words) => new("Say", new XAttribute("language", "en-GB"), words);
        var response = keypressCallback is null
            ? new XElement("Response", Say(text), Say(text))
            : new XElement("Response",
                new XElement("Gather",
                    new XAttribute("numDigits", "1"), new XAttribute("timeout", "10"), new XAttribute("method", "POST"),
                    new XAttribute("action", keypressCallback.ToString()),
                    Say(text + " Press 1 to acknowledge."), Say(text + " Press 1 to acknowledge.")),
                Say("No key was pressed. We will try again."));
        return response.ToString(SaveOptions.DisableFormatting);
    }
}
