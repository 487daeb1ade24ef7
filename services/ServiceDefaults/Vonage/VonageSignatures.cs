using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cers.Dispatch.ServiceDefaults.Vonage;

/// <summary>
/// How Vonage signs what it sends us. An inbound SMS carries <c>sig</c>: the HMAC-SHA256, keyed with the signature secret,
/// of its other parameters sorted by name as <c>&amp;name=value</c> (an '&amp;' or '=' inside a value written '_'), with a
/// <c>timestamp</c> among them. A voice event carries a JWT (HS256, the same secret) whose <c>payload_hash</c> is the
/// SHA-256 of the body.
/// </summary>
public static class VonageSignatures
{
    /// <summary>How far a webhook's own time may be from ours before it is taken for a replay.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);

    public static string SignSms(string secret, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = string.Concat(parameters
            .Where(p => p.Key != "sig")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"&{p.Key}={p.Value.Replace('&', '_').Replace('=', '_')}"));
        return Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
    }

    public static bool IsValidSms(string secret, IReadOnlyCollection<KeyValuePair<string, string>> parameters, DateTimeOffset now)
    {
        var given = parameters.FirstOrDefault(p => p.Key == "sig").Value;
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(given)
            || !long.TryParse(parameters.FirstOrDefault(p => p.Key == "timestamp").Value, out var unixSeconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Duration() > Freshness)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(SignSms(secret, parameters));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(given.ToUpperInvariant()));
    }

    /// <summary>The JWT Vonage puts on a voice event it posts to us.</summary>
    public static string SignVoiceEvent(string secret, byte[] body, DateTimeOffset now)
    {
        var header = VonageClient.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var claims = VonageClient.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iat = now.ToUnixTimeSeconds(), jti = Guid.NewGuid().ToString(), iss = "Vonage", payload_hash = Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(),
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{claims}"));
        return $"{header}.{claims}.{VonageClient.Base64Url(signature)}";
    }

    public static bool IsValidVoiceEvent(string secret, string? bearer, byte[] body, DateTimeOffset now)
    {
        var parts = (bearer ?? "").Split('.');
        if (string.IsNullOrEmpty(secret) || parts.Length != 3)
        {
            return false;
        }

        var expected = VonageClient.Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}")));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2])))
        {
            return false;
        }

        try
        {
            using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
            var root = claims.RootElement;
            return root.TryGetProperty("payload_hash", out var hash)
                && string.Equals(hash.GetString(), Convert.ToHexString(SHA256.HashData(body)), StringComparison.OrdinalIgnoreCase)
                && root.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var issued)
                && (now - DateTimeOffset.FromUnixTimeSeconds(issued)).Duration() <= Freshness;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return false;
        }
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
