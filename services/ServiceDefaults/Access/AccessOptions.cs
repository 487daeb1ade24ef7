namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>Binds <c>Access:*</c>. The signing key is shared by every service (and the console) of one deployment.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>At least 32 characters; tokens signed with anything else are refused.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "cers-dispatch";

    public string Audience { get; set; } = "cers-dispatch";

    /// <summary>How long a minted token lives. Short: tokens are minted per call chain, not handed to people.</summary>
    public int TokenLifetimeMinutes { get; set; } = 10;

    internal const int MinimumKeyLength = 32;
}
