using System.Xml.Linq;

namespace Cers.Dispatch.Testing;

/// <summary>Plays Twilio: posts form-encoded webhooks signed exactly as Twilio signs them (or forged, when asked).</summary>
public sealed class TwilioCaller(HttpClient service, string authToken = IntakeSettings.TwilioAuthToken, string publicBaseUrl = IntakeSettings.PublicBaseUrl)
{
    public async Task<HttpResponseMessage> PostAsync(string pathAndQuery, IDictionary<string, string> form, string? signature = null, bool withSignature = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        if (withSignature)
        {
            request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSigning.Sign(authToken, publicBaseUrl + pathAndQuery, form));
        }

        return await service.SendAsync(request);
    }

    public async Task<XElement> TwiMLAsync(string pathAndQuery, IDictionary<string, string> form)
    {
        using var response = await PostAsync(pathAndQuery, form);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "application/xml")
        {
            throw new InvalidOperationException($"Expected TwiML (application/xml), got {response.Content.Headers.ContentType}.");
        }

        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, string> Call(string callSid, string? digits = null, string from = "+447700900123")
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "ACtest00000000000000000000000000",
            ["CallSid"] = callSid,
            ["From"] = from,
            ["To"] = "+443300000247",
            ["CallStatus"] = "in-progress",
            ["Direction"] = "inbound",
        };
        if (digits is not null)
        {
            form["Digits"] = digits;
        }

        return form;
    }

    public static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");
}
