using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>
/// The SDK addresses Twilio by its own host names (api.twilio.com); this sends those requests to <c>Twilio:ApiBaseUrl</c>
/// instead, keeping the path and query, so Prism and the demo's stand-in receive exactly what Twilio would.
/// </summary>
public sealed class ToTwilioApiBaseUrl(IOptions<TwilioOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.ApiBaseUrl;
        if (request.RequestUri is { } uri && uri.Host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase) && !baseUrl.Host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new Uri(baseUrl, uri.PathAndQuery);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
