using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults.Access;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>Binds <c>Console:SignIn:*</c>.</summary>
public sealed class SignInOptions
{
    public const string Section = "Console:SignIn";

    /// <summary>Wrong passwords for one username before each further attempt on it must wait.</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>Wrong passwords from one address before each further attempt from it must wait (an office shares one address).</summary>
    public int AddressFreeFailures { get; set; } = 20;

    /// <summary>The longest one address waits between attempts: it doubles from one second with each failure.</summary>
    public int AddressWaitCapSeconds { get; set; } = 300;

    /// <summary>The longest anyone waits to try a username again, whoever failed on it: short, so a guesser cannot keep the person out.</summary>
    public int AccountWaitCapSeconds { get; set; } = 30;

    /// <summary>Failures this long ago no longer count.</summary>
    public int ForgetFailuresAfterMinutes { get; set; } = 15;

    /// <summary>A coordinator's night shift is 12 hours: they should not be signed out mid-call, nor stay signed in for days.</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>The session cookie is sent over HTTPS only. Turn off only to serve over plain HTTP on loopback (demo, tests).</summary>
    public bool SecureCookies { get; set; } = true;
}

public abstract record SignInOutcome
{
    public sealed record SignedIn(ConsoleUser User) : SignInOutcome;

    /// <summary>Unknown username or wrong password: the page does not say which.</summary>
    public sealed record Refused : SignInOutcome;

    /// <summary>Too many wrong passwords lately from this address or for this username: try again at <paramref name="Until"/>.</summary>
    public sealed record WaitBeforeTrying(Instant Until) : SignInOutcome;
}

public sealed class ConsoleUserRejectedException(string message) : Exception(message);

/// <summary>The console's accounts: created from the command line, checked at sign-in.</summary>
public sealed partial class ConsoleUsers(IDocumentStore store, IClock clock, IOptions<SignInOptions> options)
{
    public const int MinimumPasswordLength = 12;

    private static readonly PasswordHasher<ConsoleUser> Hasher = new();

    /// <summary>Checked against when the username is unknown, so an unknown name takes as long to refuse as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public async Task CreateAsync(string username, string displayName, string password, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var problems = new List<string>();
        if (!UsernamePattern().IsMatch(username.Trim()))
        {
            problems.Add("the username must be 2 to 64 letters, digits, dots, dashes or underscores");
        }

        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 200)
        {
            problems.Add("the display name must be given (at most 200 characters)");
        }

        if (password.Length < MinimumPasswordLength)
        {
            problems.Add($"the password must be at least {MinimumPasswordLength} characters");
        }

        if (roles.Count == 0 || roles.Any(r => !CersRoles.People.Contains(r)))
        {
            problems.Add($"roles must be one or more of {string.Join(", ", CersRoles.People)}");
        }

        if (problems.Count > 0)
        {
            throw new ConsoleUserRejectedException($"User not added: {string.Join("; ", problems)}.");
        }

        await using var session = store.LightweightSession();
        var id = ConsoleUser.IdFor(username);
        if (await session.LoadAsync<ConsoleUser>(id, ct) is not null)
        {
            throw new ConsoleUserRejectedException($"User not added: {id} already exists.");
        }

        var user = new ConsoleUser(id, username.Trim(), displayName.Trim(), "", roles.Distinct().ToList(), clock.GetCurrentInstant());
        session.Insert(user with { PasswordHash = Hasher.HashPassword(user, password) });
        await session.SaveChangesAsync(ct);
    }

    public async Task<bool> ExistsAsync(string username, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ConsoleUser>(ConsoleUser.IdFor(username), ct) is not null;
    }

    /// <summary>
    /// Checks a username and password. Every failure, an unknown name or a wrong password, gets the same answer after the
    /// same work (a password hash is checked either way). Failures slow the address and the username they came from
    /// (<see cref="SignInThrottle"/>); an attempt made too soon is turned away before its password is looked at.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string username, string password, string? address, CancellationToken ct)
    {
        var rules = SignInThrottling.From(options.Value);
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var now = clock.GetCurrentInstant();
            var (addressKey, accountKey) = (SignInThrottle.ForAddress(address), SignInThrottle.ForAccount(username));
            var throttles = (await session.LoadManyAsync<SignInThrottle>(ct, addressKey, accountKey)).ToDictionary(t => t.Id);
            var byAddress = throttles.GetValueOrDefault(addressKey);
            var byAccount = throttles.GetValueOrDefault(accountKey);
            var waitUntil = new[] { byAddress?.WaitsUntil(rules.AddressFree, rules.AddressCap, rules.ForgetAfter, now), byAccount?.WaitsUntil(rules.AccountFree, rules.AccountCap, rules.ForgetAfter, now) }.Max();
            if (waitUntil is { } until)
            {
                return new SignInOutcome.WaitBeforeTrying(until);
            }

            var user = await session.LoadAsync<ConsoleUser>(ConsoleUser.IdFor(username), ct);
            var verdict = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DecoyHash, password);
            if (user is null || verdict == PasswordVerificationResult.Failed)
            {
                session.Store(SignInThrottle.Failed(byAddress, addressKey, rules, now), SignInThrottle.Failed(byAccount, accountKey, rules, now));
                await session.SaveChangesAsync(ct);
                return new SignInOutcome.Refused();
            }

            user = user with
            {
                LastSignedInAt = now,
                PasswordHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash,
            };
            session.Update(user);
            session.Delete<SignInThrottle>(accountKey);
            try
            {
                await session.SaveChangesAsync(ct);
                return new SignInOutcome.SignedIn(user);
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 3)
            {
                // The account changed meanwhile (another sign-in rehashed it): try again on what was stored.
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")]
    private static partial Regex UsernamePattern();
}
