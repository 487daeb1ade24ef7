using System.Security.Cryptography;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>A signed-in session, kept on the server so that ending it ends it: the cookie only names it.</summary>
public sealed record ConsoleSession(string Id, string UserId, Instant StartedAt, Instant? EndedAt = null, string? EndedWhy = null);

/// <summary>
/// Sessions live in the console's store, not only in the cookie: signing out ends the session, and a cookie copied before
/// then reads nothing afterwards. Every request checks its session (one lookup by key).
/// </summary>
public sealed class ConsoleSessions(IDocumentStore store, IClock clock)
{
    public const string SessionClaim = "sid";

    public async Task<string> StartAsync(ConsoleUser user, CancellationToken cancellationToken)
    {
        var id = Base64UrlId();
        await using var session = store.LightweightSession();
        session.Insert(new ConsoleSession(id, user.Id, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
        return id;
    }

    public async Task<bool> IsLiveAsync(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        await using var query = store.QuerySession();
        return await query.LoadAsync<ConsoleSession>(id, cancellationToken) is { EndedAt: null };
    }

    public async Task EndAsync(string? id, string why, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ConsoleSession>(id, cancellationToken) is { EndedAt: null } live)
        {
            session.Store(live with { EndedAt = clock.GetCurrentInstant(), EndedWhy = why });
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Ends every live session of <paramref name="userId"/> but <paramref name="keep"/>, in <paramref name="session"/>'s
    /// transaction: whatever changed the account (a new password, disabling it) and the sessions ending commit together.
    /// </summary>
    public async Task EndAllAsync(IDocumentSession session, string userId, string why, string? keep, CancellationToken cancellationToken)
    {
        var live = await session.Query<ConsoleSession>().Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        foreach (var ending in live.Where(s => s.Id != keep))
        {
            session.Store(ending with { EndedAt = now, EndedWhy = why });
        }
    }

    private static string Base64UrlId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
