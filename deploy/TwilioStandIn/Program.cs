using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using Cers.Dispatch.TwilioStandIn;
using Microsoft.Extensions.Options;

// Answers like Twilio's REST API (2010-04-01): Messages.json and Calls.json with Basic auth, 201 and a sid; and like Vonage's
// SMS and Voice APIs (/sms/json, /v1/calls), the second provider. Sends the status callbacks Twilio would, and replies to
// offers the way a care worker would, signed as each provider signs. POST /stand-in/outage?provider=twilio&seconds=60
// makes a provider answer 500 for a while (chaos and reliability runs); /stand-in/messages lists what was sent.
var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<StandInOptions>(builder.Configuration.GetSection("StandIn"));
builder.Services.AddHttpClient("webhooks");
var app = builder.Build();

var messages = new ConcurrentQueue<object>();
var outages = new ConcurrentDictionary<string, DateTimeOffset>();
bool Down(string provider) => outages.TryGetValue(provider, out var until) && until > TimeProvider.System.GetUtcNow();
var offerCode = new Regex(@"\bYES\s+([A-Z0-9]{3,8})\b", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (string account, HttpRequest request, IOptions<StandInOptions> options, IHttpClientFactory http) =>
{
    var settings = options.Value;
    if (!Authorised(request, account, settings))
    {
        return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
    }

    if (Down("twilio"))
    {
        return Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: 500);
    }

    var form = await request.ReadFormAsync();
    if (string.IsNullOrEmpty(form["To"]) || string.IsNullOrEmpty(form["Body"]) || string.IsNullOrEmpty(form["From"]))
    {
        return Results.Json(new { code = 21604, message = "A 'To', 'From' and 'Body' are required.", status = 400 }, statusCode: 400);
    }

    var sid = "SM" + Guid.NewGuid().ToString("N");
    var to = form["To"].ToString();
    var body = form["Body"].ToString();
    messages.Enqueue(new { provider = "twilio", sid, to, from = form["From"].ToString(), body });
    _ = Task.Run(async () =>
    {
        await Task.Delay(settings.ReplyDelayMilliseconds);
        var client = http.CreateClient("webhooks");
        if (Uri.TryCreate(form["StatusCallback"], UriKind.Absolute, out var statusCallback))
        {
            await PostSigned(client, statusCallback, settings.AuthToken, new() { ["MessageSid"] = sid, ["MessageStatus"] = "delivered", ["To"] = to, ["AccountSid"] = account });
        }

        if (settings.SmsWebhookUrl is { } webhook && offerCode.Match(body) is { Success: true } offer && settings.AutoReply is "YES" or "NO")
        {
            await PostSigned(client, webhook, settings.AuthToken, new()
            {
                ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["From"] = to, ["To"] = form["From"].ToString(),
                ["Body"] = $"{settings.AutoReply} {offer.Groups[1].Value}", ["AccountSid"] = account,
            });
        }
    });
    return Results.Json(new { sid, status = "queued", to, body, account_sid = account }, statusCode: 201);
});

app.MapPost("/2010-04-01/Accounts/{account}/Calls.json", async (string account, HttpRequest request, IOptions<StandInOptions> options) =>
{
    if (!Authorised(request, account, options.Value))
    {
        return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
    }

    if (Down("twilio"))
    {
        return Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: 500);
    }

    var form = await request.ReadFormAsync();
    return string.IsNullOrEmpty(form["To"])
        ? Results.Json(new { code = 21201, message = "No 'To' number is specified", status = 400 }, statusCode: 400)
        : Results.Json(new { sid = "CA" + Guid.NewGuid().ToString("N"), status = "queued", to = form["To"].ToString() }, statusCode: 201);
});

app.MapPost("/sms/json", async (HttpRequest request, IOptions<StandInOptions> options, IHttpClientFactory http) =>
{
    var settings = options.Value;
    var form = await request.ReadFormAsync();
    if (Down("vonage"))
    {
        return Results.Json(new { title = "Internal Server Error" }, statusCode: 500);
    }

    if (form["api_key"] != settings.VonageApiKey || form["api_secret"] != settings.VonageApiSecret)
    {
        return Results.Json(new Dictionary<string, object> { ["message-count"] = "1", ["messages"] = new[] { new Dictionary<string, string> { ["status"] = "4", ["error-text"] = "Bad Credentials" } } });
    }

    var id = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
    var to = "+" + form["to"];
    var text = form["text"].ToString();
    messages.Enqueue(new { provider = "vonage", sid = id, to, from = "+" + form["from"], body = text });
    if (settings.VonageSmsWebhookUrl is { } webhook && offerCode.Match(text) is { Success: true } offer && settings.AutoReply is "YES" or "NO")
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(settings.ReplyDelayMilliseconds);
            var reply = new Dictionary<string, string>
            {
                ["msisdn"] = form["to"]!, ["to"] = form["from"]!, ["messageId"] = Guid.NewGuid().ToString("N")[..16], ["text"] = $"{settings.AutoReply} {offer.Groups[1].Value}",
                ["type"] = "text", ["timestamp"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["nonce"] = Guid.NewGuid().ToString(),
            };
            reply["sig"] = Cers.Dispatch.ServiceDefaults.Vonage.VonageSignatures.SignSms(settings.VonageSignatureSecret, reply);
            try
            {
                using var _ = await http.CreateClient("webhooks").PostAsync(webhook, new FormUrlEncodedContent(reply));
            }
            catch (HttpRequestException)
            {
                // Vonage gives up on an unreachable webhook too; the offer deadline covers it.
            }
        });
    }

    return Results.Json(new Dictionary<string, object>
    {
        ["message-count"] = "1",
        ["messages"] = new[] { new Dictionary<string, string> { ["to"] = form["to"]!, ["message-id"] = id, ["status"] = "0" } },
    });
});

app.MapPost("/v1/calls", async (HttpRequest request) =>
{
    if (Down("vonage"))
    {
        return Results.Json(new { title = "Internal Server Error" }, statusCode: 500);
    }

    if (!request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
    {
        return Results.Json(new { title = "Unauthorized" }, statusCode: 401);
    }

    var body = await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.JsonElement>(request.Body);
    var uuid = Guid.NewGuid().ToString();
    messages.Enqueue(new { provider = "vonage", sid = uuid, to = "+" + body.GetProperty("to")[0].GetProperty("number").GetString(), call = body.GetProperty("ncco").GetRawText() });
    return Results.Json(new { uuid, status = "started", direction = "outbound" }, statusCode: 201);
});

app.MapPost("/stand-in/outage", (string provider, int seconds) =>
{
    outages[provider] = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
    return Results.Ok(new { provider, until = outages[provider] });
});

app.MapGet("/stand-in/messages", () => messages.ToArray());
app.Run();

static bool Authorised(HttpRequest request, string account, StandInOptions settings)
{
    var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}"));
    return account == settings.AccountSid && request.Headers.Authorization.ToString() == expected;
}

static async Task PostSigned(HttpClient client, Uri url, string authToken, Dictionary<string, string> form)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
    request.Headers.Add("X-Twilio-Signature", TwilioSigning.Sign(authToken, url.ToString(), form));
    try
    {
        using var _ = await client.SendAsync(request);
    }
    catch (HttpRequestException)
    {
        // Twilio gives up on an unreachable webhook too; the offer deadline covers it.
    }
}
