using System.Security.Cryptography;
using System.Text;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>
/// Twilio's request signature: base64(HMAC-SHA1(auth token, full URL + each POST parameter name and value, sorted by
/// name)). Twilio may sign an https URL with or without an explicit :443 port, so both spellings are accepted.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in formParameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio defines the signature as HMAC-SHA1; we verify, we do not choose.
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formParameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var parameters = formParameters.ToList();
        return UrlSpellings(url).Any(candidate => FixedTimeEquals(Compute(authToken, candidate, parameters), signature));
    }

    private static IEnumerable<string> UrlSpellings(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        var explicitPort = $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.PathAndQuery}";
        var noPort = $"{uri.Scheme}://{uri.Host}{uri.PathAndQuery}";
        foreach (var spelling in new[] { explicitPort, noPort }.Distinct(StringComparer.Ordinal))
        {
            if (spelling != url)
            {
                yield return spelling;
            }
        }
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}
