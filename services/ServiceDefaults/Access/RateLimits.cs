using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>Binds <c>RateLimits:*</c>: requests per minute per caller.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Twilio calls from a handful of addresses, so one address carries every caller's webhooks: sized for a surge
    /// (20 activations a second, a few webhooks each), low enough to stop a flood from one machine.
    /// </summary>
    public int WebhooksPerMinutePerAddress { get; set; } = 12_000;

    /// <summary>Per signed-in person, agency or service.</summary>
    public int ApiPerMinutePerCaller { get; set; } = 6_000;
}

public static class CersRateLimits
{
    /// <summary>Twilio webhooks: partitioned by remote address (the caller is not signed in).</summary>
    public const string Webhooks = "webhooks";

    /// <summary>Signed-in APIs: partitioned by who is calling, falling back to the remote address.</summary>
    public const string PerCaller = "per-caller";

    internal static IServiceCollection AddCersRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Webhooks, http => PerMinute($"ip:{http.Connection.RemoteIpAddress}", limits.WebhooksPerMinutePerAddress));
            options.AddPolicy(PerCaller, http => PerMinute(CallerOf(http), limits.ApiPerMinutePerCaller));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many requests from this caller; nothing was changed.",
                        detail: $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    public static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst("sub")?.Value is { } subject
            ? $"caller:{subject}"
            : $"ip:{http.Connection.RemoteIpAddress}";

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
