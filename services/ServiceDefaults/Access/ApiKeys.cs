using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>The agency an API key belongs to. Keys themselves are never stored, only <see cref="ApiKeyHash.Of"/>.</summary>
public sealed record ApiKeyOwner(string AgencyId, string AgencyName);

/// <summary>Implemented by a service that accepts partner API keys (crisis intake).</summary>
public interface IApiKeyStore
{
    Task<ApiKeyOwner?> FindAsync(string keyHash, CancellationToken cancellationToken);
}

public static class ApiKeyHash
{
    /// <summary>
    /// SHA-256 is enough here (no salt, no stretching): keys are 256 random bits we generate, so there is no
    /// dictionary to attack, and a plain hash lets a key be found by index on every request.
    /// </summary>
    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => "cers_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string AgencyClaim = "agency";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (Context.RequestServices.GetService<IApiKeyStore>() is not { } store)
        {
            return AuthenticateResult.Fail("This service does not accept API keys.");
        }

        if (presented.Length > 200 || await store.FindAsync(ApiKeyHash.Of(presented), Context.RequestAborted) is not { } owner)
        {
            return AuthenticateResult.Fail("The API key is not known or has been revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim("sub", $"agency:{owner.AgencyId}"),
                new Claim(CersTokens.NameClaim, owner.AgencyName),
                new Claim(CersTokens.RoleClaim, CersRoles.PartnerAgency),
                new Claim(AgencyClaim, owner.AgencyId),
            ],
            SchemeName,
            CersTokens.NameClaim,
            CersTokens.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
