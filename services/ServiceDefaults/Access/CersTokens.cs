using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>
/// Mints the bearer tokens services and the console present to each other: who is calling (subject and name) and in
/// which roles. HS256 with the deployment's shared key, so no identity server is needed on a single site.
/// </summary>
/// <remarks>
/// Lifetimes come from the injected TimeProvider, the clock the bearer handler validates them against, not from the
/// domain IClock, which tests and simulations move freely (a token minted at a simulated 03:00 would be refused as expired).
/// </remarks>
public sealed class CersTokens(IOptions<AccessOptions> options, TimeProvider time)
{
    public const string NameClaim = "name";
    public const string RoleClaim = "role";

    private readonly JsonWebTokenHandler _handler = new();

    public string Mint(
        string subject,
        string name,
        IEnumerable<string> roles,
        Duration? lifetime = null,
        IReadOnlyDictionary<string, string>? claims = null)
    {
        var access = options.Value;
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var identity = new ClaimsIdentity();
        identity.AddClaim(new Claim(JwtRegisteredClaimNames.Sub, subject));
        identity.AddClaim(new Claim(NameClaim, name));
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(RoleClaim, role));
        }

        foreach (var (type, value) in claims ?? new Dictionary<string, string>())
        {
            identity.AddClaim(new Claim(type, value));
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = access.Issuer,
            Audience = access.Audience,
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.Minus(Duration.FromSeconds(30)).ToDateTimeUtc(),
            Expires = now.Plus(lifetime ?? Duration.FromMinutes(access.TokenLifetimeMinutes)).ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(SigningKeyOf(access), SecurityAlgorithms.HmacSha256),
        });
    }

    internal static SymmetricSecurityKey SigningKeyOf(AccessOptions access)
    {
        if (access.SigningKey.Length < AccessOptions.MinimumKeyLength)
        {
            throw new InvalidOperationException(
                $"Access:SigningKey must be set to at least {AccessOptions.MinimumKeyLength} characters (env Access__SigningKey), the same for every service.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(access.SigningKey));
    }
}
