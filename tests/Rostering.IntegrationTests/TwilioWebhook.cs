using System.Xml.Linq;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Plays Twilio calling us: form-encoded webhooks signed as Twilio signs them, or forged.</summary>
public sealed class TwilioWebhook(HttpClient service)
{
    public async Task<HttpResponseMessage> PostAsync(string pathAndQuery, IDictionary<string, string> form, bool forged = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        var token = forged ? "not-the-auth-token" : RosteringFixture.AuthToken;
        request.Headers.Add("X-Twilio-Signature", TwilioSigning.Sign(token, RosteringFixture.PublicBaseUrl + pathAndQuery, form));
        return await service.SendAsync(request);
    }

    /// <summary>Texts us from <paramref name="from"/>; returns the SMS Twilio would send back (null when none).</summary>
    public async Task<string?> TextAsync(string from, string body, string? messageSid = null)
    {
        using var response = await PostAsync("/twilio/sms/incoming", Sms(from, body, messageSid));
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/xml");
        return XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Message")?.Value;
    }

    public static Dictionary<string, string> Sms(string from, string body, string? messageSid = null) => new()
    {
        ["MessageSid"] = messageSid ?? "SM" + Guid.NewGuid().ToString("N"),
        ["AccountSid"] = RosteringFixture.AccountSid,
        ["From"] = from,
        ["To"] = RosteringFixture.OurNumber,
        ["Body"] = body,
        ["NumMedia"] = "0",
    };
}
