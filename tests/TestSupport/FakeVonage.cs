using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cers.Dispatch.Testing;

public sealed record VonageSms(string MessageId, string To, string From, string Text);

public sealed record VonageCall(string Uuid, string To, string Ncco);

/// <summary>
/// Stands in for Vonage, the second provider, on a loopback port, in Vonage's own request shape: the SMS API
/// (<c>POST /sms/json</c>, form with api_key and api_secret, a status per message) and the Voice API (<c>POST /v1/calls</c>,
/// JSON with an NCCO and a bearer JWT). Remembers what was sent.
/// </summary>
public sealed class FakeVonage : LoopbackServer
{
    public const string ApiKey = "a1b2c3d4";
    public const string ApiSecret = "vonage-test-secret";
    public const string SignatureSecret = "vonage-signature-secret-0123456789";


    public FakeVonage()
    {
        App.MapPost("/sms/json", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["api_key"] != ApiKey || form["api_secret"] != ApiSecret)
            {
                return Results.Json(new { messageCount = "1", messages = new[] { new Dictionary<string, string> { ["status"] = "4", ["error-text"] = "Bad Credentials" } } });
            }

            var id = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
            Messages.Enqueue(new VonageSms(id, "+" + form["to"], "+" + form["from"], form["text"]!));
            return Results.Json(new Dictionary<string, object>
            {
                ["message-count"] = "1",
                ["messages"] = new[] { new Dictionary<string, string> { ["to"] = form["to"]!, ["message-id"] = id, ["status"] = "0" } },
            });
        });
        App.MapPost("/v1/calls", async (HttpRequest request) =>
        {
            if (!request.Headers.Authorization.ToString().StartsWith("Bearer ey", StringComparison.Ordinal))
            {
                return Results.Json(new { title = "Unauthorized" }, statusCode: 401);
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            var uuid = Guid.NewGuid().ToString();
            Calls.Enqueue(new VonageCall(uuid, "+" + body.GetProperty("to")[0].GetProperty("number").GetString(), body.GetProperty("ncco").GetRawText()));
            return Results.Json(new { uuid, status = "started", direction = "outbound" }, statusCode: 201);
        });
    }

    public ConcurrentQueue<VonageSms> Messages { get; } = new();

    public ConcurrentQueue<VonageCall> Calls { get; } = new();

    /// <summary>An application key for the Voice API's JWT, made afresh for each stand-in.</summary>
    public string PrivateKeyPem { get; } = System.Security.Cryptography.RSA.Create(2048).ExportRSAPrivateKeyPem();

    /// <summary>The service's settings for Vonage as its second provider, reached at this stand-in.</summary>
    public Dictionary<string, string?> Settings(string publicBaseUrl, string fromNumber) => new()
    {
        ["Vonage:ApiKey"] = ApiKey,
        ["Vonage:ApiSecret"] = ApiSecret,
        ["Vonage:SignatureSecret"] = SignatureSecret,
        ["Vonage:SmsApiBaseUrl"] = BaseUrl.ToString(),
        ["Vonage:VoiceApiBaseUrl"] = BaseUrl.ToString(),
        ["Vonage:ApplicationId"] = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
        ["Vonage:PrivateKey"] = PrivateKeyPem,
        ["Vonage:FromNumber"] = fromNumber,
        ["Vonage:PublicBaseUrl"] = publicBaseUrl,
    };

}
