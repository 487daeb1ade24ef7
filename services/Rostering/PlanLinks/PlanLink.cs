using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks;

/// <summary>One worker's link to one activation's plan, folded from its stream (stream id = link id).</summary>
public sealed record PlanLink(
    Guid Id,
    Guid ActivationId,
    Guid WorkerId,
    string WorkerName,
    string TokenHash,
    Instant IssuedAt,
    Instant ExpiresAt,
    Instant? EndedAt,
    string? EndedWhy,
    int Openings)
{
    public static PlanLink Create(PlanLinkIssued e) => new(e.LinkId, e.ActivationId, e.WorkerId, e.WorkerName, e.TokenHash, e.IssuedAt, e.ExpiresAt, null, null, 0);

    public PlanLink Apply(PlanLinkOpened e) => this with { Openings = Openings + 1 };

    public PlanLink Apply(PlanLinkEnded e) => EndedAt is null ? this with { EndedAt = e.EndedAt, EndedWhy = e.Why } : this;

    /// <summary>Whichever comes first: the worker left, the activation closed, or the maximum lifetime ran out.</summary>
    public Instant ValidUntil() => EndedAt is { } ended && ended < ExpiresAt ? ended : ExpiresAt;
}

/// <summary>Plan link settings: the "Rostering" configuration section.</summary>
public sealed class PlanLinkOptions
{
    public const string Section = "Rostering";

    /// <summary>The console's public address: links are <c>{PlanLinkBaseUrl}/plan/{token}</c>. Falls back to Services:Console.</summary>
    public string? PlanLinkBaseUrl { get; set; }

    /// <summary>The longest a link works, from acceptance, even if the worker never texts LEFT.</summary>
    public int PlanLinkMaxHours { get; set; } = 14;
}

public static class PlanLinkTokens
{
    private const int TokenLength = 43;

    /// <summary>256 random bits, URL-safe base64 without padding.</summary>
    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// A plain SHA-256 is enough (no salt, no stretching): the token is 256 random bits, so there is nothing to guess from a
    /// dictionary, and the hash finds the link by index.
    /// </summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    public static bool LooksLikeToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
