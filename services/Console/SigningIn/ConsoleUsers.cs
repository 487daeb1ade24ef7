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

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

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

    public sealed record LockedOut(Instant Until) : SignInOutcome;
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
    /// Checks a username and password. A locked account is refused without looking at the password, so guessing on
    /// during the lockout learns nothing; the lockout ends by itself.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string username, string password, CancellationToken ct)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var now = clock.GetCurrentInstant();
            var user = await session.LoadAsync<ConsoleUser>(ConsoleUser.IdFor(username), ct);
            if (user is null)
            {
                Hasher.VerifyHashedPassword(null!, DecoyHash, password);
                return new SignInOutcome.Refused();
            }

            if (user.LockedUntil is { } until && until > now)
            {
                return new SignInOutcome.LockedOut(until);
            }

            SignInOutcome outcome;
            var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
            if (verdict == PasswordVerificationResult.Failed)
            {
                var failures = user.FailedSignIns + 1;
                var locked = failures >= settings.MaxFailedAttempts;
                user = user with
                {
                    FailedSignIns = locked ? 0 : failures,
                    LockedUntil = locked ? now + Duration.FromMinutes(settings.LockoutMinutes) : null,
                };
                outcome = locked ? new SignInOutcome.LockedOut(user.LockedUntil!.Value) : new SignInOutcome.Refused();
            }
            else
            {
                user = user with
                {
                    FailedSignIns = 0,
                    LockedUntil = null,
                    LastSignedInAt = now,
                    PasswordHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash,
                };
                outcome = new SignInOutcome.SignedIn(user);
            }

            session.Update(user);
            try
            {
                await session.SaveChangesAsync(ct);
                return outcome;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 3)
            {
                // Two attempts at once for one account: count both, by trying again on what the other one stored.
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")]
    private static partial Regex UsernamePattern();
}
