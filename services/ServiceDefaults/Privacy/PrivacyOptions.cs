namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>Binds <c>Privacy:*</c>.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// 32 random bytes in base64 (<c>openssl rand -base64 32</c>), env <c>Privacy__MasterKey</c>. It wraps every data key,
    /// so it lives outside the database; lose it and every sealed value is lost with it.
    /// </summary>
    public string MasterKey { get; set; } = "";

    /// <summary>
    /// How long an unwrapped data key is kept in memory. After a key is shredded, other instances of the service can
    /// still open values with it for at most this long.
    /// </summary>
    public int KeyCacheSeconds { get; set; } = 60;
}
