using System.Net.Http.Headers;
using System.Text;
using Bogus;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.HostileInput;

/// <summary>One hostile request and what kind of hostility it is.</summary>
public sealed record Attack(string Kind, PublicEndpoint Endpoint, Func<Uri, HttpRequestMessage> Build)
{
    public override string ToString() => $"{Kind} → {Endpoint}";
}

/// <summary>
/// Malformed, oversized, out-of-order and forged requests for an endpoint, generated with Bogus from a fixed seed so a
/// failure is the same on the next run. API requests carry a valid all-roles token, so the hostile part reaches the
/// service's own validation rather than stopping at the door; forged and missing credentials are attacks of their own.
/// </summary>
public sealed class Attacks(int seed)
{
    private static readonly CersTokens WrongKey = new(Options.Create(new AccessOptions { SigningKey = "a-key-that-is-not-this-deployments-key-0123456789" }), TimeProvider.System);

    private readonly Randomizer random = new(seed);
    private readonly Faker faker = new("en_GB") { Random = new Randomizer(seed) };

    /// <summary>Route values that are not what the route expects, or are well formed and name nothing that exists.</summary>
    private string[] RouteValues() =>
    [
        Guid.NewGuid().ToString(), // well formed, never created: out of order (acting on something that does not exist yet)
        "not-a-guid",
        "%27%20OR%201%3D1--",
        "..%2F..%2Fetc%2Fpasswd",
        new string('9', 2_000),
        Uri.EscapeDataString(faker.Random.Utf16String(5, 40)),
        random.Int(-999_999, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    public IEnumerable<Attack> For(PublicEndpoint endpoint)
    {
        if (endpoint.OpenByDesign)
        {
            yield break;
        }

        if (endpoint.IsTwilioWebhook)
        {
            foreach (var attack in WebhookAttacks(endpoint))
            {
                yield return attack;
            }

            yield break;
        }

        if (!endpoint.Anonymous)
        {
            yield return Api(endpoint, "no credentials", null, request => request.Headers.Authorization = null);
            yield return Api(endpoint, "token signed with another key", null, request => Bearer(request, WrongKey.Mint("mallory", "Mallory", TestAccess.AllStaffRoles)));
            yield return Api(endpoint, "unsigned token (alg none)", null, request => Bearer(request, UnsignedToken()));
            yield return Api(endpoint, "garbage bearer", null, request => Bearer(request, faker.Random.AlphaNumeric(random.Int(1, 600))));
            yield return Api(endpoint, "unknown API key", null, request =>
            {
                request.Headers.Authorization = null;
                request.Headers.Add("X-Api-Key", "cers_" + faker.Random.AlphaNumeric(43));
            });
        }

        foreach (var value in endpoint.Pattern.Parameters.Count > 0 ? RouteValues() : [])
        {
            yield return Api(endpoint, $"route value {Shorten(value)}", endpoint.TakesBody ? Json("{}") : null, _ => { }, value);
        }

        if (!endpoint.TakesBody)
        {
            yield break;
        }

        yield return Api(endpoint, "truncated JSON", Json("{\"name\": \"Asha"));
        yield return Api(endpoint, "not JSON at all", Json(faker.Lorem.Sentence()));
        yield return Api(endpoint, "JSON null", Json("null"));
        yield return Api(endpoint, "JSON array", Json("[1,2,3]"));
        yield return Api(endpoint, "empty body", Json(""));
        yield return Api(endpoint, "wrong types", Json(WrongTypes()));
        yield return Api(endpoint, "unknown fields only", Json(RandomObject()));
        yield return Api(endpoint, "nested 5,000 deep", Json(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)));
        yield return Api(endpoint, "huge number", Json("{\"priority\": 1e999999, \"turnDays\": 99999999999999999999999}"));
        yield return Api(endpoint, "invalid UTF-8", new ByteArrayContent([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        yield return Api(endpoint, "text/plain body", new StringContent("name=Asha", Encoding.UTF8, "text/plain"));
        yield return Api(endpoint, "no Content-Type", new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\": \"Asha\"}")));
        yield return Api(endpoint, "a NUL byte inside a string", Json("{\"name\": \"As\\u0000ha\", \"notes\": \"x\\u0000\"}"));
        yield return Api(endpoint, "a raw NUL byte in the body", Json("{\"name\": \"As\0ha\"}"));
        yield return Api(endpoint, "form body where JSON is expected", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = faker.Name.FullName() }));
        yield return Api(endpoint, "oversized string fields (3 MB)", Json(OversizedFields(3_000_000)));
        // Expect: 100-continue, as a careful client sends a large body: the server can refuse it before it is sent.
        yield return Api(endpoint, "oversized body (40 MB, over the server's limit)", Json("{\"notes\":\"" + new string('x', 40_000_000) + "\"}"),
            request => request.Headers.ExpectContinue = true);
    }

    private IEnumerable<Attack> WebhookAttacks(PublicEndpoint endpoint)
    {
        var form = TwilioForm();
        yield return Webhook(endpoint, "unsigned", form, sign: null);
        yield return Webhook(endpoint, "signature forged", form, sign: (_, _) => Convert.ToBase64String(faker.Random.Bytes(20)));
        yield return Webhook(endpoint, "signed with the wrong auth token", form, sign: (url, f) => TwilioSigning.Sign("not-our-auth-token", url, f));
        yield return Webhook(endpoint, "signature replayed with a changed parameter", form, sign: (url, f) =>
            TwilioSigning.Sign(IntakeSettings.TwilioAuthToken, url, new Dictionary<string, string>(f) { ["From"] = "+447700900001" }));
        yield return Webhook(endpoint, "signature for another URL", form, sign: (_, f) =>
            TwilioSigning.Sign(IntakeSettings.TwilioAuthToken, IntakeSettings.PublicBaseUrl + "/twilio/elsewhere", f));
        yield return Webhook(endpoint, "signature header empty", form, sign: (_, _) => "");
        yield return Webhook(endpoint, "oversized and unsigned (3 MB)", new Dictionary<string, string>(form) { ["Body"] = new string('Y', 3_000_000) }, sign: null);
        yield return Webhook(endpoint, "unsigned, with a NUL byte", new Dictionary<string, string>(form) { ["Body"] = "YES\0" + form["Body"][4..] }, sign: null);
        yield return Webhook(endpoint, "unsigned, 1,100 fields", new Dictionary<string, string>(form.Concat(Enumerable.Range(0, 1_100).Select(i => KeyValuePair.Create($"Extra{i}", "x")))), sign: null);
        yield return Webhook(endpoint, "signed, but no CallSid, MessageSid or From", new Dictionary<string, string> { ["AccountSid"] = HostileSystem.AccountSid },
            sign: (url, f) => TwilioSigning.Sign(IntakeSettings.TwilioAuthToken, url, f));
    }

    private Dictionary<string, string> TwilioForm() => new()
    {
        ["AccountSid"] = HostileSystem.AccountSid,
        ["CallSid"] = "CA" + faker.Random.Hexadecimal(32, ""),
        ["MessageSid"] = "SM" + faker.Random.Hexadecimal(32, ""),
        ["From"] = "+4477009" + random.Int(10_000, 99_999),
        ["To"] = "+443069990247",
        ["Digits"] = faker.Random.ReplaceNumbers("############"),
        ["Body"] = "YES " + faker.Random.String2(4, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
        ["CallStatus"] = "completed",
        ["MessageStatus"] = "delivered",
        ["DialCallStatus"] = "no-answer",
    };

    private static Attack Api(PublicEndpoint endpoint, string kind, HttpContent? body, Action<HttpRequestMessage>? tamper = null, string? routeValue = null) =>
        new(kind, endpoint, baseUrl =>
        {
            var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(baseUrl, Path(endpoint, routeValue)))
            {
                Content = body ?? (endpoint.TakesBody ? Json("{}") : null),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAccess.Token(TestAccess.AllStaffRoles));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            tamper?.Invoke(request);
            return request;
        });

    private static Attack Webhook(PublicEndpoint endpoint, string kind, Dictionary<string, string> form, Func<string, Dictionary<string, string>, string>? sign) =>
        new(kind, endpoint, baseUrl =>
        {
            var path = Path(endpoint, null) + (endpoint.Route.Contains("card", StringComparison.Ordinal) || endpoint.Route.Contains("dial", StringComparison.Ordinal) ? "?attempt=1" : "");
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path)) { Content = new FormUrlEncodedContent(form) };
            if (sign is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Twilio-Signature", sign(IntakeSettings.PublicBaseUrl + path, form));
            }

            return request;
        });

    /// <summary>The route with every parameter filled: with the hostile value given, else a well-formed id that exists nowhere.</summary>
    private static string Path(PublicEndpoint endpoint, string? value)
    {
        var path = endpoint.Route;
        foreach (var parameter in endpoint.Pattern.Parameters)
        {
            var filler = value ?? (parameter.ParameterPolicies.Any(p => p.Content == "int") ? "987654" : Guid.NewGuid().ToString());
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{\\*?\\*?" + parameter.Name + "(:[^}]*)?(=[^}]*)?\\??\\}", filler.Replace("$", "$$", StringComparison.Ordinal));
        }

        return path;
    }

    private static void Bearer(HttpRequestMessage request, string token) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    private static string UnsignedToken()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"sub\":\"mallory\",\"name\":\"Mallory\",\"role\":[\"administrator\",\"supervisor\",\"coordinator\",\"service\"],\"iss\":\"cers-dispatch\",\"aud\":\"cers-dispatch\",\"exp\":{now + 600},\"nbf\":{now - 60}}}")}.";
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private string WrongTypes() =>
        $$"""{"name": {{random.Int()}}, "phone": [true], "role": {"x": 1}, "cardNumber": {{random.Double()}}, "startsAt": false, "participants": "everyone", "reportedBy": 7, "reason": [], "by": null, "notes": {"deep": [1,2]}, "skills": "all", "at": "{{faker.Lorem.Word()}}"}""";

    private string RandomObject() =>
        "{" + string.Join(",", Enumerable.Range(0, random.Int(1, 8)).Select(_ => $"\"{faker.Random.AlphaNumeric(random.Int(1, 12))}\": \"{faker.Lorem.Word()}\"")) + "}";

    private static string OversizedFields(int size)
    {
        var big = new string('A', size / 8);
        return $$"""{"name":"{{big}}","firstName":"{{big}}","lastName":"{{big}}","notes":"{{big}}","text":"{{big}}","comment":"{{big}}","reason":"{{big}}","by":"{{big}}"}""";
    }

    private static string Shorten(string value) => value.Length > 24 ? value[..24] + "…" : value;
}
