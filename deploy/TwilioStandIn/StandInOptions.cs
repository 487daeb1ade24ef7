namespace Cers.Dispatch.TwilioStandIn;

/// <summary>The "StandIn" section.</summary>
public sealed class StandInOptions
{
    public string AccountSid { get; set; } = "AC00000000000000000000000000de0000";

    public string AuthToken { get; set; } = "demo-auth-token";

    /// <summary>Where replies from workers go (rostering's /twilio/sms/incoming), signed as Twilio signs them. Empty: no replies.</summary>
    public Uri? SmsWebhookUrl { get; set; }

    /// <summary>How a worker answers an offer: YES, NO, or nothing (no reply, so the offer times out).</summary>
    public string AutoReply { get; set; } = "YES";

    public int ReplyDelayMilliseconds { get; set; } = 200;

    /// <summary>Vonage, the second provider, as the stand-in plays it: the API key and secret it accepts.</summary>
    public string VonageApiKey { get; set; } = "demo-key";

    public string VonageApiSecret { get; set; } = "demo-secret";

    /// <summary>Signs the replies it sends on through Vonage's inbound webhook (rostering's /vonage/sms/inbound).</summary>
    public string VonageSignatureSecret { get; set; } = "";

    public Uri? VonageSmsWebhookUrl { get; set; }
}
