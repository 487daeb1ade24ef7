using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

public static class TwilioRestClientRegistration
{
    /// <summary>
    /// <see cref="TwilioRestClient"/> with the "Twilio" options, retrying 429 and 5xx with exponential back-off (honouring
    /// Retry-After) and breaking the circuit when Twilio keeps failing, so a Twilio outage fails fast instead of piling up.
    /// </summary>
    public static IHttpClientBuilder AddTwilioRestClient(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TwilioOptions>(builder.Configuration.GetSection(TwilioOptions.Section));
        var client = builder.Services.AddHttpClient<TwilioRestClient>();
        client.AddResilienceHandler("twilio", pipeline => pipeline
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(TimeSpan.FromSeconds(10)));
        return client;
    }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
