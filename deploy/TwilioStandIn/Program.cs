using System.Xml.Linq;
using Cers.Dispatch.TwilioStandIn;
using Microsoft.Extensions.Options;

// Answers like Twilio's REST API (2010-04-01): Messages.json and Calls.json with Basic auth, 201 and a sid, and the list
// of messages sent (GET Messages.json); and like Vonage's
// SMS and Voice APIs (/sms/json, /v1/calls), the second provider. Sends the status callbacks Twilio would, signed as each
// provider signs. GET /phones is the demo's phone simulator (PhoneSimulator): the emergency services phone and a phone per
// number texted or called. With StandIn:AutoReply YES or NO, every offer is answered by itself (benchmark and chaos runs).
// POST /stand-in/outage?provider=twilio&seconds=60 makes a provider answer 500 for a while (chaos and reliability runs);
// with &answerAfterSeconds=15, Twilio takes every SMS but answers that late instead;
// /stand-in/messages lists what was sent.
var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<StandInOptions>(builder.Configuration.GetSection("StandIn"));
builder.Services.AddHttpClient("webhooks");
builder.Services.AddSingleton(TimeProvider.System).AddSingleton<Switchboard>().AddSingleton<SignedWebhooks>().AddSingleton<PlayingACall>().AddSingleton<StaffPhones>();
var app = builder.Build();

var clock = app.Services.GetRequiredService<TimeProvider>();
var outages = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
bool Down(string provider) => outages.TryGetValue(provider, out var until) && until > clock.GetUtcNow();
// While set, Twilio takes each SMS at once and answers only this long after: past the service's deadline, it never hears.
var lateAnswers = new System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset Until, TimeSpan After)>();
TimeSpan? AnswersLate(string provider) => lateAnswers.TryGetValue(provider, out var late) && late.Until > clock.GetUtcNow() ? late.After : null;
var switchboard = app.Services.GetRequiredService<Switchboard>();

app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (string account, HttpRequest request, IOptions<StandInOptions> options, SignedWebhooks webhooks, StaffPhones phones) =>
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
    switchboard.Record(new SentMessage("twilio", "sms", sid, to, form["From"].ToString(), body), new PhoneEntry(0, to, PhoneEntryKind.SmsReceived, body));
    _ = Task.Run(async () =>
    {
        await Task.Delay(settings.ReplyDelayMilliseconds);
        if (Uri.TryCreate(form["StatusCallback"], UriKind.Absolute, out var statusCallback))
        {
            await webhooks.PostAsync(statusCallback, settings.AuthToken, new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "delivered", ["To"] = to, ["AccountSid"] = account });
        }

        if (StaffPhones.OfferCode().Match(body) is { Success: true } offer && settings.AutoReply is "YES" or "NO")
        {
            await phones.TextAsync(to, $"{settings.AutoReply} {offer.Groups[1].Value}");
        }
    });
    if (AnswersLate("twilio") is { } after)
    {
        await Task.Delay(after);
    }

    return Results.Json(new { sid, status = "queued", to, body, account_sid = account }, statusCode: 201);
});

// Twilio's message list, newest first, by To and From: what the service asks after a send that got no answer.
app.MapGet("/2010-04-01/Accounts/{account}/Messages.json", (string account, string? to, string? from, int? pageSize, HttpRequest request, IOptions<StandInOptions> options) =>
{
    if (!Authorised(request, account, options.Value))
    {
        return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
    }

    var size = Math.Clamp(pageSize ?? 50, 1, 1000);
    var newest = switchboard.Sent.Where(m => m is { Provider: "twilio", Kind: "sms" } && (to is null || m.To == to) && (from is null || m.From == from))
        .OrderByDescending(m => m.SentAt).Take(size).ToList();
    var uri = $"/2010-04-01/Accounts/{account}/Messages.json?PageSize={size}&Page=0";
    return Results.Json(new Dictionary<string, object?>
    {
        ["messages"] = newest.Select(m => new Dictionary<string, object?>
        {
            ["sid"] = m.Sid, ["account_sid"] = account, ["to"] = m.To, ["from"] = m.From, ["body"] = m.Body, ["status"] = "delivered", ["direction"] = "outbound-api",
            ["date_created"] = m.SentAt.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList(),
        ["uri"] = uri, ["first_page_uri"] = uri, ["next_page_uri"] = null, ["previous_page_uri"] = null,
        ["page"] = 0, ["page_size"] = size, ["start"] = 0, ["end"] = Math.Max(0, newest.Count - 1),
    });
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
    if (string.IsNullOrEmpty(form["To"]))
    {
        return Results.Json(new { code = 21201, message = "No 'To' number is specified", status = 400 }, statusCode: 400);
    }

    var sid = "CA" + Guid.NewGuid().ToString("N");
    var to = form["To"].ToString();
    var twiml = form["Twiml"].ToString();
    var (spoken, keypress) = Answering(twiml);
    switchboard.Record(new SentMessage("twilio", "call", sid, to, form["From"].ToString(), spoken, twiml), new PhoneEntry(0, to, PhoneEntryKind.CallReceived, spoken, CallSid: sid, KeypressAction: keypress));
    return Results.Json(new { sid, status = "queued", to }, statusCode: 201);
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
    switchboard.Record(new SentMessage("vonage", "sms", id, to, "+" + form["from"], text), new PhoneEntry(0, to, PhoneEntryKind.SmsReceived, text));
    if (settings.VonageSmsWebhookUrl is { } webhook && StaffPhones.OfferCode().Match(text) is { Success: true } offer && settings.AutoReply is "YES" or "NO")
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(settings.ReplyDelayMilliseconds);
            var reply = new Dictionary<string, string>
            {
                ["msisdn"] = form["to"]!, ["to"] = form["from"]!, ["messageId"] = Guid.NewGuid().ToString("N")[..16], ["text"] = $"{settings.AutoReply} {offer.Groups[1].Value}",
                ["type"] = "text", ["timestamp"] = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
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
    var to = "+" + body.GetProperty("to")[0].GetProperty("number").GetString();
    var talk = string.Join(" ", body.GetProperty("ncco").EnumerateArray().Where(a => a.TryGetProperty("text", out _)).Select(a => a.GetProperty("text").GetString()).Distinct());
    switchboard.Record(new SentMessage("vonage", "call", uuid, to, "", talk, body.GetProperty("ncco").GetRawText()), new PhoneEntry(0, to, PhoneEntryKind.CallReceived, talk, CallSid: uuid));
    return Results.Json(new { uuid, status = "started", direction = "outbound" }, statusCode: 201);
});

app.MapPost("/stand-in/outage", (string provider, int seconds, int? answerAfterSeconds) =>
{
    var until = clock.GetUtcNow().AddSeconds(seconds);
    if (answerAfterSeconds is { } after)
    {
        lateAnswers[provider] = (until, TimeSpan.FromSeconds(after));
    }
    else
    {
        outages[provider] = until;
    }

    return Results.Ok(new { provider, until });
});

app.MapGet("/stand-in/messages", () => switchboard.Sent);
app.MapPhoneSimulator();
app.Run();

static bool Authorised(HttpRequest request, string account, StandInOptions settings)
{
    var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}"));
    return account == settings.AccountSid && request.Headers.Authorization.ToString() == expected;
}

// What a call placed with this TwiML says (each thing once; a Gather's words while it waits), and where a key pressed on it goes.
static (string Spoken, Uri? Keypress) Answering(string twiml)
{
    try
    {
        var response = XElement.Parse(twiml);
        var gather = response.Descendants("Gather").FirstOrDefault();
        var spoken = string.Join(" ", (gather ?? response).Descendants("Say").Select(s => s.Value).Distinct());
        return (spoken, Uri.TryCreate((string?)gather?.Attribute("action"), UriKind.Absolute, out var keypress) ? keypress : null);
    }
    catch (System.Xml.XmlException)
    {
        return (twiml, null);
    }
}
