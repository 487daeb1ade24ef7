using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// A value of type <typeparamref name="T"/> encrypted under one subject's data key. Stored and sent as the envelope
/// string alone; only <see cref="SubjectKey.Open{T}"/> (or the vault) turns it back into the value.
/// </summary>
[JsonConverter(typeof(SealedJsonConverter))]
public sealed record Sealed<T>(string Envelope)
{
    public Guid KeyId => SealedEnvelope.KeyIdOf(Envelope);

    /// <summary>
    /// A value written before its field was sealed: plain text in the same JSON string. It is shown as it is (and cannot
    /// be shredded) rather than failing every view that includes it.
    /// </summary>
    public bool WasStoredInClear => !Envelope.StartsWith(SealedEnvelope.Version + ".", StringComparison.Ordinal);

    public override string ToString() => "[sealed]";
}

/// <summary>Writes a <see cref="Sealed{T}"/> as its envelope string, so stored JSON shows no structure of what is inside.</summary>
public sealed class SealedJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Sealed<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<Sealed<T>>
    {
        public override Sealed<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : new Sealed<T>(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Sealed<T> value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Envelope);
    }
}

/// <summary>
/// The envelope: <c>pd1.{key id}.{nonce}.{tag}.{ciphertext}</c> (key id as 32 hex digits, the rest base64url).
/// <c>pd1</c> is the format version: AES-256-GCM, a random 96-bit nonce per value, the header as associated data.
/// </summary>
public static class SealedEnvelope
{
    public const string Version = "pd1";

    public static string Format(Guid keyId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> ciphertext) =>
        $"{Header(keyId)}.{Base64Url(nonce)}.{Base64Url(tag)}.{Base64Url(ciphertext)}";

    public static string Header(Guid keyId) => $"{Version}.{keyId:N}";

    public static Guid KeyIdOf(string envelope) =>
        Parse(envelope).KeyId;

    public static (Guid KeyId, byte[] Nonce, byte[] Tag, byte[] Ciphertext) Parse(string envelope)
    {
        var parts = envelope.Split('.');
        if (parts.Length != 5 || parts[0] != Version || !Guid.TryParseExact(parts[1], "N", out var keyId))
        {
            throw new FormatException($"Not a {Version} sealed value.");
        }

        return (keyId, FromBase64Url(parts[2]), FromBase64Url(parts[3]), FromBase64Url(parts[4]));
    }

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}

public static class SealedText
{
    /// <summary>The value opened; the erased marker once its key is shredded (<paramref name="key"/> null); a value stored in clear as it is.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Show(this SubjectKey? key, Sealed<string>? value) =>
        value is null ? null : value.WasStoredInClear ? value.Envelope : key is null ? PersonalData.Erased : key.Open(value);
}
