using NodaTime;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>
/// Recent wrong passwords from one address, or for one username (whether or not it has an account): after a few free
/// failures each further attempt waits, twice as long each time up to a cap, until the failures are forgotten. Nobody is
/// locked out: a coordinator with the right password waits at most the username's cap.
/// </summary>
public sealed record SignInThrottle(string Id, int Failures, Instant LastFailureAt)
{
    public static string ForAddress(string? address) => $"address:{address ?? "unknown"}";

    public static string ForAccount(string username) => $"account:{ConsoleUser.IdFor(username)}";

    /// <summary>When the next attempt may be made, or null when it may be made now.</summary>
    public Instant? WaitsUntil(int freeFailures, Duration cap, Duration forgetAfter, Instant now)
    {
        if (now - LastFailureAt > forgetAfter || Failures < freeFailures)
        {
            return null;
        }

        var wait = Duration.FromSeconds(Math.Min(cap.TotalSeconds, Math.Pow(2, Failures - freeFailures)));
        return LastFailureAt + wait > now ? LastFailureAt + wait : null;
    }

    /// <summary>One more failure, counted afresh when the last was long enough ago to be forgotten.</summary>
    public static SignInThrottle Failed(SignInThrottle? throttle, string id, SignInThrottling rules, Instant now) =>
        throttle is null || now - throttle.LastFailureAt > rules.ForgetAfter
            ? new SignInThrottle(id, 1, now)
            : throttle with { Failures = throttle.Failures + 1, LastFailureAt = now };
}

/// <summary>The rules, from <c>Console:SignIn</c>.</summary>
public sealed record SignInThrottling(int AccountFree, int AddressFree, Duration AddressCap, Duration AccountCap, Duration ForgetAfter)
{
    /// <summary>Whole seconds until <paramref name="until"/>, at least one: what the person is told to wait, and Retry-After.</summary>
    public static int SecondsToWait(Instant until, Instant now) => Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));

    public static string WaitWords(int seconds) => $"Too many wrong passwords lately: wait {seconds} s and try again (nothing was checked this time).";

    public static SignInThrottling From(SignInOptions options) => new(
        options.FreeFailures,
        options.AddressFreeFailures,
        Duration.FromSeconds(options.AddressWaitCapSeconds),
        Duration.FromSeconds(options.AccountWaitCapSeconds),
        Duration.FromMinutes(options.ForgetFailuresAfterMinutes));
}
