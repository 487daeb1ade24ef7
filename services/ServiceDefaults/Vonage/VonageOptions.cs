namespace Cers.Dispatch.ServiceDefaults.Vonage;

/// <summary>
/// The "Vonage" configuration section: the second SMS and voice provider, taken while Twilio fails. Unset
/// (<see cref="ApiKey"/> empty), only Twilio is used.
/// </summary>
public sealed class VonageOptions
{
    public const string Section = "Vonage";

    public string ApiKey { get; set; } = "";

    public string ApiSecret { get; set; } = "";

    /// <summary>Signs Vonage's webhooks to us (SMS: the <c>sig</c> parameter; voice: the JWT's HMAC).</summary>
    public string SignatureSecret { get; set; } = "";

    /// <summary>Vonage's SMS API (rest.nexmo.com), or a stand-in that speaks it.</summary>
    public Uri SmsApiBaseUrl { get; set; } = new("https://rest.nexmo.com");

    /// <summary>Vonage's Voice API (api.nexmo.com), or a stand-in that speaks it.</summary>
    public Uri VoiceApiBaseUrl { get; set; } = new("https://api.nexmo.com");

    /// <summary>The Vonage application calls are placed as, and its private key (PEM) that signs the Voice API's JWT.</summary>
    public string ApplicationId { get; set; } = "";

    public string PrivateKey { get; set; } = "";

    /// <summary>Our number with Vonage, the sender of its SMS and calls.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>The URL Vonage reaches us at (its webhooks and the call's keypress events).</summary>
    public Uri? PublicBaseUrl { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(ApiKey);
}
