using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.Testing;

/// <summary>Credentials for tests: the signing key every hosted service is given, and tokens minted with it.</summary>
public static class TestAccess
{
    public const string SigningKey = "test-signing-key-for-cers-dispatch-tests-only-0123456789";

    /// <summary>What a default test client holds: every staff role and the service role, so tests of behaviour are not about access.</summary>
    public static readonly string[] AllStaffRoles = [CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.Administrator, CersRoles.Service];

    private static readonly CersTokens Tokens = new(Options.Create(new AccessOptions { SigningKey = SigningKey }), TimeProvider.System);

    public static string Token(params string[] roles) => TokenFor($"test-{string.Join('+', roles)}", roles);

    public static string TokenFor(string name, string[] roles, IReadOnlyDictionary<string, string>? claims = null, string? subject = null) =>
        Tokens.Mint(subject ?? name, name, roles, claims: claims);
}
