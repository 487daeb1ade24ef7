using System.Threading.RateLimiting;
using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.AspNetCore.RateLimiting;

namespace Cers.Dispatch.CardLookup.Lookup;

/// <summary>Binds <c>CardLookup:Lookups:*</c>: how many lookups a source may make, and when failed card numbers raise an alert.</summary>
public sealed class LookupProtectionOptions
{
    public const string Section = "CardLookup:Lookups";

    /// <summary>
    /// Card lookups and carer searches per minute per source. A coordinator on a call makes a handful; one phone number
    /// or agency a few per emergency. Far above honest use, far below what trying numbers needs. Load tests that send
    /// every call from one number set it higher.
    /// </summary>
    public int PerMinutePerSource { get; set; } = 60;

    /// <summary>This many invalid or unissued card numbers from one source within <see cref="GuessingWindowMinutes"/> raise an alert.</summary>
    public int GuessingThreshold { get; set; } = 5;

    public int GuessingWindowMinutes { get; set; } = 10;
}

/// <summary>
/// Who a lookup comes from, for the rate limit and the guessing alert: the signed-in caller, or for another service
/// (crisis intake on the phone line or the partner API) the caller it acts for, as it names them in
/// <c>channel</c> and <c>requestedBy</c> (the phone number that called, the agency). One phone guessing is limited
/// without limiting every other emergency that comes in through intake.
/// </summary>
public static class LookupSource
{
    public const string RateLimitPolicy = "card-lookups";

    public static string Of(HttpContext http)
    {
        var caller = CersRateLimits.CallerOf(http);
        if (!http.User.IsInRole(CersRoles.Service))
        {
            return caller;
        }

        var channel = http.Request.Query["channel"].ToString().Trim().ToLowerInvariant();
        var requestedBy = http.Request.Query["requestedBy"].ToString().Trim();
        return $"{caller}|{channel}:{(requestedBy.Length > 100 ? requestedBy[..100] : requestedBy)}";
    }

    public static IServiceCollection AddLookupRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(LookupProtectionOptions.Section).Get<LookupProtectionOptions>() ?? new LookupProtectionOptions();
        return services.Configure<RateLimiterOptions>(options => options.AddPolicy(RateLimitPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter(Of(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.PerMinutePerSource,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));
    }
}
