using System.Security.Cryptography;
using System.Text;

namespace Cers.Dispatch.Testing;

/// <summary>
/// Signs a webhook as Twilio's servers do: base64(HMAC-SHA1(auth token, URL + each parameter's name and value, sorted by
/// name)). The services check it with Twilio's SDK; this is Twilio's side, for the stand-in and the tests that play Twilio.
/// </summary>
public static class TwilioSigning
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in formParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio defines the signature as HMAC-SHA1.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }
}
