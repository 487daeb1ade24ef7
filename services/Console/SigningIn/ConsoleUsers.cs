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

    /// <summary>The right password for an account an administrator disabled: said only to someone who knew the password.</summary>
    public sealed record Disabled : SignInOutcome;
}

public sealed class ConsoleUserRejectedException(string message) : Exception(message);

/// <summary>The console's accounts: created from the command line, checked at sign-in.</summary>
public sealed partial class ConsoleUsers(IDocumentStore store, ConsoleSessions sessions, IClock clock, IOptions<SignInOptions> options)
{
    public const int MinimumPasswordLength = 12;

    /// <summary>Long enough for any passphrase; bounded, so hashing a pasted novel costs nothing.</summary>
    public const int MaximumPasswordLength = 256;

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

        if (PasswordProblem(password) is { } passwordProblem)
        {
            problems.Add(passwordProblem);
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

            if (user.IsDisabled)
            {
                return new SignInOutcome.Disabled();
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

    /// <summary>
    /// A signed-in person changes their own password, giving the current one. Every other session of theirs ends in the
    /// same transaction (a cookie copied elsewhere stops working); <paramref name="keepSessionId"/>, the one they are
    /// using, goes on. Returns what was wrong, or null when the password was changed.
    /// </summary>
    public async Task<string?> ChangePasswordAsync(string userId, string currentPassword, string newPassword, string? keepSessionId, CancellationToken ct)
    {
        if (PasswordProblem(newPassword) is { } problem)
        {
            return $"The new password was not accepted: {problem}.";
        }

        if (newPassword == currentPassword)
        {
            return "The new password must differ from the current one.";
        }

        var rules = SignInThrottling.From(options.Value);
        await using var session = store.LightweightSession();
        var now = clock.GetCurrentInstant();
        var accountKey = SignInThrottle.ForAccount(userId);
        var byAccount = await session.LoadAsync<SignInThrottle>(accountKey, ct);
        if (byAccount?.WaitsUntil(rules.AccountFree, rules.AccountCap, rules.ForgetAfter, now) is { } until)
        {
            return SignInThrottling.WaitWords(SignInThrottling.SecondsToWait(until, now));
        }

        if (await session.LoadAsync<ConsoleUser>(userId, ct) is not { IsDisabled: false } user)
        {
            return "This account cannot change its password.";
        }

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            session.Store(SignInThrottle.Failed(byAccount, accountKey, rules, now));
            await session.SaveChangesAsync(ct);
            return "The current password is not right; nothing was changed.";
        }

        session.Update(user with { PasswordHash = Hasher.HashPassword(user, newPassword), PasswordChangedAt = now });
        await sessions.EndAllAsync(session, user.Id, "password changed", keepSessionId, ct);
        await SaveOrRefuseAsync(session, ct);
        return null;
    }

    /// <summary>An administrator sets a new password (the person forgot theirs, or it leaked): every session of theirs ends.</summary>
    public async Task SetPasswordAsync(string username, string newPassword, CancellationToken ct)
    {
        if (PasswordProblem(newPassword) is { } problem)
        {
            throw new ConsoleUserRejectedException($"Password not set: {problem}.");
        }

        await ChangeAccountAsync(username, user => user with { PasswordHash = Hasher.HashPassword(user, newPassword), PasswordChangedAt = clock.GetCurrentInstant() }, "password set by an administrator", ct);
    }

    /// <summary>Disables an account (someone left, a password leaked): it can no longer sign in and every session of it ends.</summary>
    public async Task DisableAsync(string username, string why, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(why))
        {
            throw new ConsoleUserRejectedException("Not disabled: say why (it is kept on the account).");
        }

        await ChangeAccountAsync(username, user => user with { DisabledAt = clock.GetCurrentInstant(), DisabledWhy = why.Trim() }, $"account disabled: {why.Trim()}", ct);
    }

    public Task EnableAsync(string username, CancellationToken ct) =>
        ChangeAccountAsync(username, user => user with { DisabledAt = null, DisabledWhy = null }, endSessionsWhy: null, ct);

    private async Task ChangeAccountAsync(string username, Func<ConsoleUser, ConsoleUser> change, string? endSessionsWhy, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ConsoleUser>(ConsoleUser.IdFor(username), ct) is not { } user)
        {
            throw new ConsoleUserRejectedException($"No user {ConsoleUser.IdFor(username)}.");
        }

        session.Update(change(user));
        if (endSessionsWhy is not null)
        {
            await sessions.EndAllAsync(session, user.Id, endSessionsWhy, keep: null, ct);
        }

        await SaveOrRefuseAsync(session, ct);
    }

    private static async Task SaveOrRefuseAsync(IDocumentSession session, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            throw new ConsoleUserRejectedException("The account changed at the same moment (someone signed in); nothing was changed, try again.");
        }
    }

    private static string? PasswordProblem(string password) => password.Length switch
    {
        < MinimumPasswordLength => $"the password must be at least {MinimumPasswordLength} characters",
        > MaximumPasswordLength => $"the password must be at most {MaximumPasswordLength} characters",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")]
    private static partial Regex UsernamePattern();
}
