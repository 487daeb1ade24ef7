using System.Xml.Linq;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.TwilioStandIn;

/// <summary>What a webhook answered: its status and the TwiML it returned, if it returned any.</summary>
public sealed record WebhookAnswer(int Status, XElement? TwiML)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>Posts webhooks as Twilio's servers do: form-encoded, signed with the account's auth token over the URL called.</summary>
public sealed class SignedWebhooks(IHttpClientFactory http)
{
    /// <summary>Posts, and gives up quietly on an unreachable webhook, as Twilio does (status 0).</summary>
    public async Task<WebhookAnswer> PostAsync(Uri url, string authToken, IReadOnlyDictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSigning.Sign(authToken, url.ToString(), form));
        try
        {
            using var response = await http.CreateClient("webhooks").SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new WebhookAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType is "application/xml" or "text/xml" ? TryParse(body) : null);
        }
        catch (HttpRequestException)
        {
            return new WebhookAnswer(0, null);
        }
        catch (TaskCanceledException)
        {
            return new WebhookAnswer(0, null);
        }
    }

    private static XElement? TryParse(string xml)
    {
        try
        {
            return XElement.Parse(xml);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
