using System.Net;
using System.Xml.Linq;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>Twilio as a provider of the outgoing queue: its answers read as accepted, throttled, unavailable, refused or, when none came, unanswered.</summary>
public sealed class TwilioProvider(IServiceProvider services) : IMessagingProvider
{
    public const string ProviderName = "twilio";

    /// <summary>How far Twilio's clock and ours may differ: wide enough for that, narrow enough not to find an earlier SMS saying the same.</summary>
    private static readonly Duration ClockDifference = Duration.FromSeconds(30);

    public string Name => ProviderName;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var twilio = services.GetRequiredService<TwilioApi>();
        try
        {
            var sid = message.Channel == MessageChannel.Sms
                ? await twilio.SendSmsAsync(message.To, message.Text, message.StatusCallback, cancellationToken)
                : await twilio.PlaceCallAsync(message.To, Spoken(message.Text, message.KeypressCallback), cancellationToken);
            return new SendResult.Accepted(sid);
        }
        catch (TwilioRequestFailedException failure) when (failure is { Status: null, MayHaveArrived: true })
        {
            return new SendResult.Unanswered(failure.Message);
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

    /// <summary>
    /// An SMS is looked for among those Twilio holds, by recipient, text and time (a little before the attempt, for
    /// the two clocks). A call cannot be told from another call to the same number, so for a call Twilio cannot tell.
    /// </summary>
    public async Task<SendResult?> FindUnansweredAsync(OutgoingMessage message, Instant since, CancellationToken cancellationToken)
    {
        if (message.Channel != MessageChannel.Sms)
        {
            return new SendResult.Unavailable("a call placed through Twilio cannot be told from another to the same number");
        }

        try
        {
            var sid = await services.GetRequiredService<TwilioApi>()
                .FindSmsAsync(message.To, message.Text, (since - ClockDifference).ToDateTimeUtc(), cancellationToken);
            return sid is null ? null : new SendResult.Accepted(sid);
        }
        catch (TwilioRequestFailedException failure)
        {
            return new SendResult.Unavailable($"Twilio could not say whether it took the message: {failure.Message}");
        }
    }

    /// <summary>TwiML that speaks <paramref name="text"/> twice and, with a keypress callback, asks for 1 to be pressed.</summary>
    public static string Spoken(string text, Uri? keypressCallback)
    {
        var english = Say.LanguageEnum.EnGb;
        var response = new VoiceResponse();
        if (keypressCallback is null)
        {
            response.Say(text, language: english).Say(text, language: english);
        }
        else
        {
            var asking = $"{text} Press 1 to acknowledge.";
            response.Append(new Gather(numDigits: 1, timeout: 10, method: global::Twilio.Http.HttpMethod.Post, action: keypressCallback)
                .Say(asking, language: english).Say(asking, language: english));
            response.Say("No key was pressed. We will try again.", language: english);
        }

        return response.ToXDocument().Root!.ToString(SaveOptions.DisableFormatting);
    }
}
