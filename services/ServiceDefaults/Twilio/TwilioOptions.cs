namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>The "Twilio" configuration section (env Twilio__AccountSid, Twilio__AuthToken, ...).</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string AccountSid { get; set; } = "";

    public string AuthToken { get; set; } = "";

    /// <summary>Twilio's REST API, or a stand-in that speaks it (tests, benchmarks).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>
    /// The URL Twilio calls us at (scheme, host and any path prefix), when a proxy sits in front of the service. Twilio
    /// signs the URL it called, so the signature is checked against this, not the URL the request arrived on.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Our Twilio number: the 24/7 number on the card, and the sender of SMS.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>
    /// How long a request to Twilio is given. A request to send that gets no answer in time may still have been taken, so
    /// the next attempt asks Twilio for it before sending again (<see cref="TwilioProvider.FindUnansweredAsync"/>).
    /// </summary>
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Development only: accept unsigned webhooks. Off by default; logged loudly at start-up when on.</summary>
    public bool AllowUnsignedWebhooks { get; set; }
}
