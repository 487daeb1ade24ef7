using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Vonage;

/// <summary>Vonage answered, and what it made of the request.</summary>
public sealed record VonageAnswer(HttpStatusCode Status, string? Id, string? VonageStatus, string? Error, TimeSpan? RetryAfter);

/// <summary>
/// Vonage's SMS API (form-encoded <c>POST /sms/json</c> with the API key and secret; status "0" is accepted) and Voice API
/// (JSON <c>POST /v1/calls</c> with an NCCO, as the application, a JWT signed with its private key). One attempt per call:
/// the outgoing queue retries.
/// </summary>
public sealed class VonageClient(HttpClient http, IOptions<VonageOptions> options, TimeProvider time)
{
    public async Task<VonageAnswer> SendSmsAsync(string to, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var response = await http.PostAsync(
            new Uri(settings.SmsApiBaseUrl, "/sms/json"),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = settings.ApiKey,
                ["api_secret"] = settings.ApiSecret,
                ["from"] = Msisdn(settings.FromNumber),
                ["to"] = Msisdn(to),
                ["text"] = text,
                ["type"] = "unicode",
            }),
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new VonageAnswer(response.StatusCode, null, null, await response.Content.ReadAsStringAsync(cancellationToken), RetryAfter(response));
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var message = body.GetProperty("messages")[0];
        return new VonageAnswer(
            response.StatusCode,
            message.TryGetProperty("message-id", out var id) ? id.GetString() : null,
            message.GetProperty("status").GetString(),
            message.TryGetProperty("error-text", out var error) ? error.GetString() : null,
            null);
    }

    /// <summary>Rings <paramref name="to"/>, speaks <paramref name="text"/> and, with <paramref name="keypressEventUrl"/>, asks for a key.</summary>
    public async Task<VonageAnswer> PlaceCallAsync(string to, string text, Uri? keypressEventUrl, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var ncco = new JsonArray(new JsonObject { ["action"] = "talk", ["text"] = text, ["language"] = "en-GB" });
        if (keypressEventUrl is not null)
        {
            ncco.Add(new JsonObject { ["action"] = "talk", ["text"] = "Press 1 to acknowledge.", ["language"] = "en-GB", ["bargeIn"] = true });
            ncco.Add(new JsonObject
            {
                ["action"] = "input",
                ["type"] = new JsonArray("dtmf"),
                ["dtmf"] = new JsonObject { ["maxDigits"] = 1, ["timeOut"] = 10 },
                ["eventUrl"] = new JsonArray(keypressEventUrl.ToString()),
            });
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.VoiceApiBaseUrl, "/v1/calls"))
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["type"] = "phone", ["number"] = Msisdn(to) }),
                ["from"] = new JsonObject { ["type"] = "phone", ["number"] = Msisdn(settings.FromNumber) },
                ["ncco"] = ncco,
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApplicationToken(settings));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new VonageAnswer(response.StatusCode, null, null, await response.Content.ReadAsStringAsync(cancellationToken), RetryAfter(response));
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new VonageAnswer(response.StatusCode, body.GetProperty("uuid").GetString(), "0", null, null);
    }

    /// <summary>Vonage writes numbers without the plus: 447700900123.</summary>
    public static string Msisdn(string e164) => e164.TrimStart('+');

    private string ApplicationToken(VonageOptions settings)
    {
        using var key = RSA.Create();
        key.ImportFromPem(settings.PrivateKey);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { application_id = settings.ApplicationId, iat = now, exp = now + 300, jti = Guid.NewGuid().ToString() }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{claims}.{Base64Url(signature)}";
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter?.Delta;
}
