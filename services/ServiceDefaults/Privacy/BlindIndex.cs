using System.Security.Cryptography;
using System.Text;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// Keyed hashes (HMAC-SHA-256 with a key derived from the master key) of values that must be found by equality while
/// stored sealed: a search key, a reference number. Without the master key the index reveals nothing and cannot be
/// tested against guesses; the purpose is part of the hash, so equal values for different purposes do not match.
/// </summary>
public sealed class BlindIndex(MasterKey master)
{
    public string Of(string purpose, string normalisedValue) =>
        SealedEnvelope.Base64Url(HMACSHA256.HashData(master.IndexKey, Encoding.UTF8.GetBytes($"{purpose}\n{normalisedValue}")));
}
