using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Services;
using Marten.Services.BatchQuerying;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

/// <summary>
/// Per-subject data keys: made on first write, wrapped with the master key and stored in their own table (in the
/// caller's session, so a key commits with the first data sealed under it), unwrapped and cached for reads, and
/// shredded on erasure. Opening a value whose key was shredded gives <see cref="Opened.WasErased{T}"/>, never an error.
/// </summary>
public sealed class PersonalDataVault(MasterKey master, IClock clock, IOptions<PrivacyOptions> options)
{
    private const string WrapVersion = "mk1";
    private readonly ConcurrentDictionary<Guid, (SubjectKey? Key, long ExpiresAt)> cache = new();

    /// <summary>
    /// Stored keys by subject: keys read back, and keys this instance made once the transaction storing them committed
    /// (<see cref="KeepStoredKeys"/>); never one made and not yet stored, and never "none yet".
    /// </summary>
    private readonly ConcurrentDictionary<string, (SubjectKey Key, long ExpiresAt)> bySubject = new(StringComparer.Ordinal);
    private long forgettings;

    /// <summary>The subject's key, made and queued for storing in <paramref name="session"/> if they have none yet.</summary>
    /// <exception cref="SubjectShreddedException">The subject was erased: no new key is made for them.</exception>
    public async Task<SubjectKey> KeyForWritingAsync(IDocumentSession session, string subject, CancellationToken cancellationToken)
    {
        var (key, made) = await KeyToSealWithAsync(session, subject, cancellationToken);
        if (made is not null)
        {
            session.Insert(made);
        }

        return key;
    }

    /// <summary>
    /// The subject's key, and when they have none yet a new one (<c>Made</c>) that must be stored in the transaction that
    /// stores what it seals: for a change decided before it is written (<see cref="GroupCommit"/>).
    /// </summary>
    /// <exception cref="SubjectShreddedException">The subject was erased: no new key is made for them.</exception>
    public async Task<(SubjectKey Key, DataKey? Made)> KeyToSealWithAsync(IQuerySession session, string subject, CancellationToken cancellationToken)
    {
        if (CachedKeyOf(subject) is { } cached)
        {
            return (cached, null);
        }

        var reading = session.CreateBatchQuery();
        var key = KeyToSealWith(reading, subject);
        await reading.Execute(cancellationToken);
        return await key();
    }

    /// <summary>
    /// As <see cref="KeyToSealWithAsync"/>, its reads queued in <paramref name="reading"/> for the caller to send with
    /// its own; the step returned gives the key once the batch has run.
    /// </summary>
    public Func<Task<(SubjectKey Key, DataKey? Made)>> KeyToSealWith(IBatchedQuery reading, string subject)
    {
        if (CachedKeyOf(subject) is { } cached)
        {
            return () => Task.FromResult<(SubjectKey, DataKey?)>((cached, null));
        }

        // The stored key and the tombstone together: a subject without a key is most often a new one (an activation's
        // first step), and then whether it was erased must be asked as well.
        var forgettingsBefore = Interlocked.Read(ref forgettings);
        var storedKey = reading.Query<DataKey>().Where(k => k.Subject == subject).FirstOrDefault();
        var tombstone = reading.Load<ShreddedSubject>(subject);
        return async () =>
        {
            if (await storedKey is { } stored)
            {
                return (RememberStored(subject, stored, forgettingsBefore), null);
            }

            if (await tombstone is not null)
            {
                throw new SubjectShreddedException(subject);
            }

            var key = SubjectKey.Generate(subject);
            return (key, Wrap(key, clock.GetCurrentInstant()));
        };
    }

    /// <summary>
    /// The subject's stored key, or null when they have none (never had one, or it was shredded). Read once and kept as
    /// the keys by id are: every step on an activation's timeline seals with it.
    /// </summary>
    public async Task<SubjectKey?> ExistingKeyAsync(IQuerySession session, string subject, CancellationToken cancellationToken)
    {
        if (CachedKeyOf(subject) is { } cached)
        {
            return cached;
        }

        var forgettingsBefore = Interlocked.Read(ref forgettings);
        return await session.Query<DataKey>().Where(k => k.Subject == subject).FirstOrDefaultAsync(cancellationToken) is { } stored
            ? RememberStored(subject, stored, forgettingsBefore)
            : null;
    }

    /// <summary>How many erasures this instance has seen: a key read or stored before one is kept only if none came between.</summary>
    internal long Forgettings => Interlocked.Read(ref forgettings);

    /// <summary>Keys a committed transaction of this instance stored, kept by subject and by id as read-back keys are.</summary>
    internal void KeepStored(IReadOnlyList<DataKey> stored, long forgettingsBefore)
    {
        foreach (var dataKey in stored)
        {
            var key = RememberStored(dataKey.Subject, dataKey, forgettingsBefore);
            Remember(cache, dataKey.Id, key, forgettingsBefore);
        }
    }

    /// <summary>
    /// The subject's stored key, named for a <see cref="GroupCommit"/> to read with the documents of its commit: once read,
    /// it is kept as a key read back is, so the change finds it with <see cref="ExistingKeyAsync"/>.
    /// </summary>
    public DocumentRead KeyRead(string subject) => new SubjectKeyRead(this, subject);

    private sealed record SubjectKeyRead(PersonalDataVault Vault, string Subject) : DocumentRead(typeof(DataKey), Guid.Empty)
    {
        internal override Func<Dictionary<(Type, Guid), object?>, Task> Queue(IBatchedQuery reading, IReadOnlyList<DocumentRead> reads)
        {
            string[] subjects = [.. reads.OfType<SubjectKeyRead>().Select(r => r.Subject).Where(s => Vault.CachedKeyOf(s) is null).Distinct()];
            if (subjects.Length == 0)
            {
                return _ => Task.CompletedTask;
            }

            var forgettingsBefore = Vault.Forgettings;
            var loading = reading.Query<DataKey>().Where(k => subjects.Contains(k.Subject)).ToList();
            return async _ =>
            {
                foreach (var stored in await loading)
                {
                    Vault.RememberStored(stored.Subject, stored, forgettingsBefore);
                }
            };
        }
    }

    private SubjectKey RememberStored(string subject, DataKey stored, long forgettingsBefore)
    {
        var key = Unwrap(stored);
        Remember(bySubject, subject, key, forgettingsBefore);
        return key;
    }

    private SubjectKey? CachedKeyOf(string subject) =>
        bySubject.TryGetValue(subject, out var cached) && cached.ExpiresAt > Environment.TickCount64 ? cached.Key : null;

    /// <summary>The stored keys of these subjects, by subject (those cached without a read); a subject without one is left out.</summary>
    public async Task<IReadOnlyDictionary<string, SubjectKey>> ExistingKeysAsync(
        IQuerySession session, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken)
    {
        if (subjects.Count == 0)
        {
            return new Dictionary<string, SubjectKey>();
        }

        var found = new Dictionary<string, SubjectKey>();
        var unknown = new List<string>();
        foreach (var subject in subjects.Distinct())
        {
            if (CachedKeyOf(subject) is { } cached)
            {
                found[subject] = cached;
            }
            else
            {
                unknown.Add(subject);
            }
        }

        if (unknown.Count == 0)
        {
            return found;
        }

        var forgettingsBefore = Interlocked.Read(ref forgettings);
        var array = unknown.ToArray();
        foreach (var stored in await session.Query<DataKey>().Where(k => k.Subject.IsOneOf(array)).ToListAsync(cancellationToken))
        {
            found[stored.Subject] = RememberStored(stored.Subject, stored, forgettingsBefore);
        }

        return found;
    }

    /// <summary>The keys of many sealed values at once (one read for those not cached); a shredded key is absent.</summary>
    public async Task<IReadOnlyDictionary<Guid, SubjectKey>> KeysAsync(IQuerySession session, IEnumerable<Guid> keyIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, SubjectKey>();
        var missing = new List<Guid>();
        foreach (var keyId in keyIds.Distinct())
        {
            if (cache.TryGetValue(keyId, out var cached) && cached.ExpiresAt > Environment.TickCount64)
            {
                if (cached.Key is { } key)
                {
                    found[keyId] = key;
                }
            }
            else
            {
                missing.Add(keyId);
            }
        }

        if (missing.Count > 0)
        {
            var forgettingsBefore = Interlocked.Read(ref forgettings);
            var stored = (await session.LoadManyAsync<DataKey>(cancellationToken, missing)).ToDictionary(k => k.Id);
            foreach (var keyId in missing)
            {
                var key = stored.TryGetValue(keyId, out var row) ? Unwrap(row) : null;
                Remember(cache, keyId, key, forgettingsBefore);
                if (key is not null)
                {
                    found[keyId] = key;
                }
            }
        }

        return found;
    }

    /// <summary>The key a value was sealed with, or null when it was shredded.</summary>
    public async Task<SubjectKey?> KeyAsync(IQuerySession session, Guid keyId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(keyId, out var cached) && cached.ExpiresAt > Environment.TickCount64)
        {
            return cached.Key;
        }

        var forgettingsBefore = Interlocked.Read(ref forgettings);
        var stored = await session.LoadAsync<DataKey>(keyId, cancellationToken);
        var key = stored is null ? null : Unwrap(stored);
        Remember(cache, keyId, key, forgettingsBefore);
        return key;
    }

    // Key ids are never reused, so "shredded" is cached too: an erased record costs no database read the next time.
    // A key read before a shred committed, and remembered after the shred forgot it, would keep the erased data readable
    // here for the cache's lifetime; so a read during which anything was forgotten is not kept. Forget counts before it
    // removes and this checks after it stores, so whichever runs second undoes the stale entry.
    private void Remember<TId, TKey>(ConcurrentDictionary<TId, (TKey Key, long ExpiresAt)> into, TId id, TKey key, long forgettingsBefore)
        where TId : notnull
    {
        var entry = (key, Environment.TickCount64 + (options.Value.KeyCacheSeconds * 1000L));
        into[id] = entry;
        if (Interlocked.Read(ref forgettings) != forgettingsBefore)
        {
            into.TryRemove(new KeyValuePair<TId, (TKey, long)>(id, entry));
        }
    }

    private void Forget(string subject, IEnumerable<Guid> keyIds)
    {
        Interlocked.Increment(ref forgettings);
        bySubject.TryRemove(subject, out _);
        foreach (var keyId in keyIds)
        {
            cache.TryRemove(keyId, out _);
        }
    }

    public async Task<SubjectKey?> KeyOfAsync<T>(IQuerySession session, Sealed<T> value, CancellationToken cancellationToken) =>
        await KeyAsync(session, value.KeyId, cancellationToken);

    public async Task<Opened<T>> OpenAsync<T>(IQuerySession session, Sealed<T> value, CancellationToken cancellationToken) =>
        await KeyOfAsync(session, value, cancellationToken) is { } key ? new Opened<T>(key.Open(value), false) : Opened.WasErased<T>();

    /// <summary>
    /// Crypto-shredding: queues the deletion of the subject's keys and a tombstone in <paramref name="session"/>.
    /// Once committed, everything ever sealed for the subject, in events and documents alike, is unreadable.
    /// </summary>
    /// <returns>How many keys will be deleted.</returns>
    public async Task<int> ShredAsync(IDocumentSession session, string subject, string reason, CancellationToken cancellationToken)
    {
        var keys = await session.Query<DataKey>().Where(k => k.Subject == subject).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            session.Delete(key);
        }

        var keyIds = keys.Select(k => k.Id).ToArray();
        Forget(subject, keyIds);

        session.Store(new ShreddedSubject(subject, reason, clock.GetCurrentInstant()));

        // A read in this instance between now and the commit still finds the key stored and caches it again, which would
        // keep the erased data readable here for the cache's lifetime: the keys are forgotten once more after the commit.
        session.Listeners.Add(new ForgetAfterCommit(() => Forget(subject, keyIds)));
        return keys.Count;
    }

    private sealed class ForgetAfterCommit(Action forget) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            forget();
            return Task.CompletedTask;
        }
    }

    public DataKey Wrap(SubjectKey key, Instant now)
    {
        var nonce = RandomNumberGenerator.GetBytes(SubjectKey.NonceLength);
        var wrapped = new byte[key.Material.Length];
        var tag = new byte[SubjectKey.TagLength];
        using (var aes = new AesGcm(master.WrappingKey, SubjectKey.TagLength))
        {
            aes.Encrypt(nonce, key.Material, wrapped, tag, WrappingContext(key.KeyId, key.Subject));
        }

        var envelope = $"{WrapVersion}.{master.Id}.{SealedEnvelope.Base64Url(nonce)}.{SealedEnvelope.Base64Url(tag)}.{SealedEnvelope.Base64Url(wrapped)}";
        return new DataKey(key.KeyId, key.Subject, envelope, master.Id, now);
    }

    private SubjectKey Unwrap(DataKey stored)
    {
        var parts = stored.WrappedKey.Split('.');
        if (parts.Length != 5 || parts[0] != WrapVersion)
        {
            throw new CryptographicException($"Data key {stored.Id} is not in the {WrapVersion} format.");
        }

        if (parts[1] != master.Id)
        {
            throw new InvalidOperationException(
                $"Data key {stored.Id} was wrapped with master key {parts[1]}, but the configured Privacy:MasterKey is {master.Id}: "
                + "the service is running with a different master key from the one its data was written with.");
        }

        var wrapped = SealedEnvelope.FromBase64Url(parts[4]);
        var material = new byte[wrapped.Length];
        using (var aes = new AesGcm(master.WrappingKey, SubjectKey.TagLength))
        {
            aes.Decrypt(SealedEnvelope.FromBase64Url(parts[2]), wrapped, SealedEnvelope.FromBase64Url(parts[3]), material, WrappingContext(stored.Id, stored.Subject));
        }

        return new SubjectKey(stored.Id, stored.Subject, material);
    }

    /// <summary>Binds a wrapped key to its id and subject: a row copied onto another subject does not unwrap.</summary>
    private static byte[] WrappingContext(Guid keyId, string subject) => Encoding.UTF8.GetBytes($"{WrapVersion}|{keyId:N}|{subject}");
}

/// <summary>
/// A Marten listener: the data keys a session stored are kept by the vault once its transaction has committed, so the
/// steps that follow (the relay opening what the first step sealed, the activation's next decision) read no key. A key
/// stored in a work runner's transaction is kept only once the runner commits: a key kept but never stored would seal
/// data nobody could open.
/// </summary>
public sealed class KeepStoredKeys(PersonalDataVault vault, Func<DurableWork.WorkQueue> queue) : DocumentSessionListenerBase
{
    /// <summary>The erasures seen as each session began storing: one that commits after it is not missed.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentSession, System.Runtime.CompilerServices.StrongBox<long>> forgettingsAtSave = [];

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        forgettingsAtSave.AddOrUpdate(session, new System.Runtime.CompilerServices.StrongBox<long>(vault.Forgettings));
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var stored = commit.Inserted.OfType<DataKey>().ToList();
        if (stored.Count == 0 || !forgettingsAtSave.TryGetValue(session, out var atSave))
        {
            return Task.CompletedTask;
        }

        var forgettingsBefore = atSave.Value;
        queue().OnceCommitted(session, () => vault.KeepStored(stored, forgettingsBefore));
        return Task.CompletedTask;
    }
}
