using Twilio.Security;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>Whether Twilio signed a webhook, checked by Twilio's own <see cref="RequestValidator"/> (it also accepts the URL with or without :443).</summary>
public static class TwilioSignature
{
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        // A form field sent twice is not something Twilio does: it is refused rather than guessed at.
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in formParameters)
        {
            if (!parameters.TryAdd(name, value))
            {
                return false;
            }
        }

        return new RequestValidator(authToken).Validate(url, parameters, signature);
    }
}
