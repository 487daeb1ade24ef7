using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// A subject's data key as stored: wrapped (AES-256-GCM) with the master key, in a table of its own. Deleting the row
/// is the erasure of everything sealed with it.
/// </summary>
public sealed record DataKey(Guid Id, string Subject, string WrappedKey, string MasterKeyId, Instant CreatedAt);

/// <summary>A subject whose key was shredded: nothing may be sealed for them again, so no new key is ever made.</summary>
public sealed record ShreddedSubject(string Id, string Reason, Instant ShreddedAt);

/// <summary>The subject's data was shredded; writing personal data for them again is refused.</summary>
public sealed class SubjectShreddedException(string subject)
    : InvalidOperationException($"The personal data of {subject} was erased; nothing more is recorded for them.");

/// <summary>Values in views whose sealed data was shredded read this, so the record keeps its shape.</summary>
public static class PersonalData
{
    public const string Erased = "[erased]";
}

/// <summary>A sealed value opened: the value, or that it was erased (its key shredded).</summary>
public readonly record struct Opened<T>(T? Value, bool Erased);

public static class Opened
{
    public static Opened<T> WasErased<T>() => new(default, true);
}
