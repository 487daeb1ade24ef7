namespace Cers.Dispatch.TwilioStandIn;

/// <summary>The "StandIn" section.</summary>
public sealed class StandInOptions
{
    public string AccountSid { get; set; } = "AC00000000000000000000000000de0000";

    public string AuthToken { get; set; } = "demo-auth-token";

    /// <summary>Where replies from workers go (rostering's /twilio/sms/incoming), signed as Twilio signs them. Empty: no replies.</summary>
    public Uri? SmsWebhookUrl { get; set; }

    /// <summary>
    /// How the stand-in answers an offer by itself: YES, NO, or anything else for no reply (the demo's setting, none: the
    /// people at the phone simulator answer). The benchmark and chaos runs set YES.
    /// </summary>
    public string AutoReply { get; set; } = "YES";

    /// <summary>The service's own number: the one the emergency services phone dials, and the one staff reply to.</summary>
    public string ServiceNumber { get; set; } = "+443069990247";

    /// <summary>What Twilio calls when the service's number rings (crisis intake's /twilio/voice/incoming), signed as Twilio signs it.</summary>
    public Uri? VoiceWebhookUrl { get; set; }

    public int ReplyDelayMilliseconds { get; set; } = 200;

    /// <summary>Vonage, the second provider, as the stand-in plays it: the API key and secret it accepts.</summary>
    public string VonageApiKey { get; set; } = "demo-key";

    public string VonageApiSecret { get; set; } = "demo-secret";

    /// <summary>Signs the replies it sends on through Vonage's inbound webhook (rostering's /vonage/sms/inbound).</summary>
    public string VonageSignatureSecret { get; set; } = "";

    public Uri? VonageSmsWebhookUrl { get; set; }
}
