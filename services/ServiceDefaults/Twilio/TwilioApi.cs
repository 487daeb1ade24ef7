using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

/// <summary>Twilio refused a request (4xx other than 429), or could not be reached.</summary>
public sealed class TwilioRequestFailedException(
    string message, HttpStatusCode? status = null, Exception? inner = null, TimeSpan? retryAfter = null, bool mayHaveArrived = false)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>
    /// No answer came, but the request may have reached Twilio (a deadline passed, the connection dropped after it was
    /// made): what it asked for may have been done.
    /// </summary>
    public bool MayHaveArrived { get; } = mayHaveArrived;

    /// <summary>How long Twilio asked us to wait (429's Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Twilio's REST API through Twilio's SDK (<see cref="MessageResource"/>, <see cref="CallResource"/>), over our own
/// <see cref="HttpClient"/> with its deadline. One attempt per call: the outgoing queue (<see cref="Outgoing.SendingMessages"/>)
/// retries, and takes the second provider while Twilio fails.
/// </summary>
public sealed class TwilioApi(HttpClient http, IOptions<TwilioOptions> options)
{
    /// <summary>The SDK's client for this account; the contract tests use it to send a deliberately broken request.</summary>
    public ITwilioRestClient Client { get; } = new TwilioRestClient(
        options.Value.AccountSid, options.Value.AuthToken, accountSid: options.Value.AccountSid, httpClient: new FailuresAsExceptions(http));

    /// <summary>Sends an SMS; the message's sid.</summary>
    public Task<string> SendSmsAsync(string to, string body, Uri? statusCallback, CancellationToken cancellationToken) =>
        CallAsync(async client => (await MessageResource.CreateAsync(
            new CreateMessageOptions(new PhoneNumber(to)) { From = new PhoneNumber(options.Value.FromNumber), Body = body, StatusCallback = statusCallback },
            client)).Sid, cancellationToken);

    /// <summary>
    /// The sid of an SMS from our number to <paramref name="to"/> saying exactly <paramref name="body"/> that Twilio created
    /// at or after <paramref name="since"/>, among the newest twenty to that number; null when Twilio holds none.
    /// </summary>
    public Task<string?> FindSmsAsync(string to, string body, DateTime since, CancellationToken cancellationToken) =>
        CallAsync(async client =>
        {
            var newest = await MessageResource.ReadAsync(
                new ReadMessageOptions { To = new PhoneNumber(to), From = new PhoneNumber(options.Value.FromNumber), PageSize = 20, Limit = 20 }, client);
            return newest.FirstOrDefault(m => m.Body == body && m.DateCreated is { } created && created.ToUniversalTime() >= since)?.Sid;
        }, cancellationToken);

    /// <summary>Rings <paramref name="to"/> and speaks <paramref name="twiml"/> when answered; the call's sid.</summary>
    public Task<string> PlaceCallAsync(string to, string twiml, CancellationToken cancellationToken) =>
        CallAsync(async client => (await CallResource.CreateAsync(
            new CreateCallOptions(new PhoneNumber(to), new PhoneNumber(options.Value.FromNumber)) { Twiml = new Twiml(twiml) },
            client)).Sid, cancellationToken);

    /// <summary>Runs a request of the SDK's, with Twilio's refusals and outages as <see cref="TwilioRequestFailedException"/>.</summary>
    public async Task<T> CallAsync<T>(Func<ITwilioRestClient, Task<T>> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await request(Client);
        }
        catch (ApiConnectionException e) when (e.InnerException is TwilioRequestFailedException failure)
        {
            throw failure;
        }
        catch (ApiException e)
        {
            throw new TwilioRequestFailedException($"Twilio refused the request: {e.Message}", e.Status > 0 ? (HttpStatusCode)e.Status : null, e);
        }
    }

    /// <summary>
    /// The SDK's HTTP client on ours, answering every failure with what the outgoing queue needs: the status and
    /// Twilio's Retry-After (the SDK's own exceptions carry neither the header nor, for an outage, a status).
    /// </summary>
    private sealed class FailuresAsExceptions(HttpClient http) : global::Twilio.Http.SystemNetHttpClient(http)
    {
        public override async Task<global::Twilio.Http.Response> MakeRequestAsync(global::Twilio.Http.Request request)
        {
            global::Twilio.Http.Response response;
            try
            {
                response = await base.MakeRequestAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException)
            {
                throw new TwilioRequestFailedException($"Twilio could not be reached: {e.Message}", inner: e, mayHaveArrived: !NeverConnected(e));
            }

            if ((int)response.StatusCode is >= 200 and < 300)
            {
                return response;
            }

            throw new TwilioRequestFailedException(
                $"Twilio answered {(int)response.StatusCode} to {request.Method} {request.ConstructUrl().AbsolutePath}: {Truncate(response.Content ?? "", 500)}",
                response.StatusCode, retryAfter: RetryAfter(response.Headers));
        }

        /// <summary>No connection was made, so the request cannot have reached Twilio.</summary>
        private static bool NeverConnected(Exception e) => e is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        };

        private static TimeSpan? RetryAfter(HttpResponseHeaders? headers) =>
            headers?.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                // A date is read against the response's own Date header: Twilio's clock, not ours.
                { Date: { } date } when headers.Date is { } sent => date - sent is { Ticks: > 0 } wait ? wait : TimeSpan.Zero,
                _ => null,
            };

        private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
    }
}
