using NodaTime;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>
/// Someone who signs in to the console. Only a hash of the password is kept (ASP.NET Core Identity's PBKDF2 format);
/// repeated failures slow further attempts (<see cref="SignInThrottle"/>), so a password cannot be guessed from the
/// sign-in page, and nobody can lock the person out. A disabled account cannot sign in, and disabling it, or changing its
/// password, ends its sessions.
/// </summary>
public sealed record ConsoleUser(
    string Id,
    string Username,
    string DisplayName,
    string PasswordHash,
    IReadOnlyList<string> Roles,
    Instant CreatedAt,
    Instant? LastSignedInAt = null,
    Instant? PasswordChangedAt = null,
    Instant? DisabledAt = null,
    string? DisabledWhy = null)
{
    public bool IsDisabled => DisabledAt is not null;

    /// <summary>Usernames are compared without regard to case: "Asha.Patel" and "asha.patel" are one account.</summary>
    public static string IdFor(string username) => username.Trim().ToLowerInvariant();
}
