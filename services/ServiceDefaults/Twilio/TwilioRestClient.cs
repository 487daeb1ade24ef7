using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>Twilio refused a request (4xx other than 429), or could not be reached even after the retries.</summary>
public sealed class TwilioRequestFailedException(string message, HttpStatusCode? status = null, Exception? inner = null, TimeSpan? retryAfter = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>How long Twilio asked us to wait (429's Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>What Twilio answers when it accepted a message or call: its id and the first status.</summary>
public sealed record TwilioResource(
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("status")] string? Status);

/// <summary>
/// Twilio's REST API (2010-04-01): send an SMS, place a call. Basic auth with the account SID and auth token, form-encoded
/// bodies. One attempt per call: the outgoing queue (<see cref="Outgoing.SendingMessages"/>) retries, and takes the
/// second provider while Twilio fails.
/// </summary>
public sealed class TwilioRestClient(HttpClient http, IOptions<TwilioOptions> options)
{
    public Task<TwilioResource> SendSmsAsync(string to, string body, Uri? statusCallback, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", to),
            new("From", options.Value.FromNumber),
            new("Body", body),
        };
        if (statusCallback is not null)
        {
            form.Add(new("StatusCallback", statusCallback.ToString()));
        }

        return PostAsync("Messages.json", form, cancellationToken);
    }

    /// <summary>Rings <paramref name="to"/> and speaks <paramref name="twiml"/> when answered.</summary>
    public Task<TwilioResource> PlaceCallAsync(string to, string twiml, CancellationToken cancellationToken) =>
        PostAsync("Calls.json", [new("To", to), new("From", options.Value.FromNumber), new("Twiml", twiml)], cancellationToken);

    /// <summary>Posts any form to an account resource; the contract tests use it to send a deliberately broken request.</summary>
    public async Task<TwilioResource> PostAsync(string resource, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri(settings.ApiBaseUrl, $"/2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/{resource}"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException
                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new TwilioRequestFailedException($"Twilio could not be reached: {e.Message}", inner: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new TwilioRequestFailedException(
                    $"Twilio answered {(int)response.StatusCode} to {resource}: {Truncate(detail, 500)}", response.StatusCode, retryAfter: RetryAfter(response));
            }

            return await response.Content.ReadFromJsonAsync<TwilioResource>(cancellationToken)
                ?? throw new TwilioRequestFailedException($"Twilio answered {(int)response.StatusCode} with no body.", response.StatusCode);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            // A date is read against the response's own Date header: Twilio's clock, not ours.
            { Date: { } date } when response.Headers.Date is { } sent => date - sent is { Ticks: > 0 } wait ? wait : TimeSpan.Zero,
            _ => null,
        };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
