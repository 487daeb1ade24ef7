using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// The key from configuration that wraps the data keys, and the keys derived from it: one to wrap data keys, one for
/// blind indexes. Derived (HKDF) rather than reused, so an index value can never help anyone unwrap a key.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;

    /// <summary>Development and test runs without a configured key use this one. It is in the source code: never secret.</summary>
    private static readonly byte[] DevelopmentKey = SHA256.HashData(Encoding.UTF8.GetBytes("cers-dispatch development master key: not a secret"));

    private MasterKey(byte[] material)
    {
        WrappingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, Length, info: Encoding.UTF8.GetBytes("cers-dispatch/data-key-wrapping/v1"));
        IndexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, Length, info: Encoding.UTF8.GetBytes("cers-dispatch/blind-index/v1"));
        Id = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 8, info: Encoding.UTF8.GetBytes("cers-dispatch/master-key-id/v1")));
    }

    public MasterKey(IOptions<PrivacyOptions> options, IHostEnvironment environment, ILogger<MasterKey>? logger = null)
        : this(MaterialFrom(options.Value, environment, logger ?? NullLogger<MasterKey>.Instance))
    {
    }

    /// <summary>Names the master key (not secret), so a data key wrapped by another master key is recognised as such.</summary>
    public string Id { get; }

    internal byte[] WrappingKey { get; }

    internal byte[] IndexKey { get; }

    public static MasterKey From(byte[] material) =>
        material.Length == Length ? new MasterKey(material) : throw new ArgumentException($"A master key is {Length} bytes.", nameof(material));

    /// <summary>Why the configured key cannot be used, or null when it can (or the environment may fall back to the development key).</summary>
    public static string? Problem(PrivacyOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return MayUseDevelopmentKey(environment)
                ? null
                : $"Privacy:MasterKey is not set (env Privacy__MasterKey). It must be {Length} random bytes in base64 "
                  + "(e.g. `openssl rand -base64 32`), kept outside the database and the same for every instance; it is required "
                  + $"in the {environment.EnvironmentName} environment.";
        }

        var bytes = Decode(options.MasterKey);
        return bytes?.Length == Length
            ? null
            : $"Privacy:MasterKey must be {Length} random bytes in base64 (44 characters, e.g. `openssl rand -base64 32`); "
              + (bytes is null ? "the value set is not base64." : $"the value set is {bytes.Length} bytes.");
    }

    private static byte[] MaterialFrom(PrivacyOptions options, IHostEnvironment environment, ILogger logger)
    {
        if (Problem(options, environment) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (string.IsNullOrWhiteSpace(options.MasterKey))
        {
            logger.LogWarning(
                "Privacy:MasterKey is not set: personal data is sealed with the public development key. Acceptable in {Environment} only",
                environment.EnvironmentName);
            return DevelopmentKey;
        }

        return Decode(options.MasterKey)!;
    }

    private static bool MayUseDevelopmentKey(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    private static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Refuses to start a service whose master key is missing or malformed, instead of failing on the first write.</summary>
internal sealed class PrivacyOptionsValidation(IHostEnvironment environment) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (MasterKey.Problem(options, environment) is { } problem)
        {
            return ValidateOptionsResult.Fail(problem);
        }

        return options.KeyCacheSeconds is >= 0 and <= 3600
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Privacy:KeyCacheSeconds must be between 0 and 3600.");
    }
}
