using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// One data subject's data key, unwrapped, in memory: seals values for that subject and opens them again. Everything
/// sealed for a subject uses this one key, so deleting it (shredding) makes all of it unreadable at once.
/// </summary>
public sealed class SubjectKey
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>How sealed values are written before encryption: the service's NodaTime JSON, web casing.</summary>
    public static readonly JsonSerializerOptions PayloadJson = NodaTimeJson.Web;

    private readonly byte[] material;

    internal SubjectKey(Guid keyId, string subject, byte[] material)
    {
        KeyId = keyId;
        Subject = subject;
        this.material = material;
    }

    public Guid KeyId { get; }

    public string Subject { get; }

    /// <summary>A new random key, not stored anywhere yet (the vault stores it wrapped; tests use it as it is).</summary>
    public static SubjectKey Generate(string subject) => new(Guid.NewGuid(), subject, RandomNumberGenerator.GetBytes(32));

    internal byte[] Material => material;

    public Sealed<T> Seal<T>(T value)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(value, PayloadJson);
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagLength];
        using (var aes = new AesGcm(material, TagLength))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(SealedEnvelope.Header(KeyId)));
        }

        return new Sealed<T>(SealedEnvelope.Format(KeyId, nonce, tag, ciphertext));
    }

    /// <summary>The value sealed with this key. A value sealed with another key, or altered, throws: that is never an erasure.</summary>
    public T Open<T>(Sealed<T> value)
    {
        var (keyId, nonce, tag, ciphertext) = SealedEnvelope.Parse(value.Envelope);
        if (keyId != KeyId)
        {
            throw new CryptographicException($"The value was sealed with key {keyId}, not with {KeyId} ({Subject}).");
        }

        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(material, TagLength))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.ASCII.GetBytes(SealedEnvelope.Header(KeyId)));
        }

        return JsonSerializer.Deserialize<T>(plaintext, PayloadJson)!;
    }

    public T? OpenOrDefault<T>(Sealed<T>? value) => value is null ? default : Open(value);
}
