using System.Threading.Channels;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

/// <summary>
/// Writes lookup records in batches off the request path: an emergency lookup must not wait for a commit (an fsync
/// costs more than the whole lookup). Records are written within moments, kept and retried while PostgreSQL is
/// unavailable (a database blip must not stop lookups), and drained on shutdown. The queries are sealed here, off the
/// request path too.
/// </summary>
public sealed class LookupAuditWriter(IDocumentStore store, PersonalDataVault vault, ILogger<LookupAuditWriter> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private readonly Channel<PendingLookup> pending = Channel.CreateUnbounded<PendingLookup>();

    public void Record(PendingLookup record) => pending.Writer.TryWrite(record);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pending.Reader.WaitToReadAsync(stoppingToken);
                await WriteWaitingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: whatever is still waiting is written in StopAsync.
            }
            catch (Exception e)
            {
                // A failing audit must never take the lookups down with it.
                logger.LogCritical(e, "The lookup audit writer failed; it carries on with the records waiting");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await WriteWaitingAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogError("Shutdown came before {Count} lookup records could be written", pending.Reader.Count);
        }
    }

    private async Task WriteWaitingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = new List<PendingLookup>();
            while (batch.Count < BatchSize && pending.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(batch, cancellationToken);
        }
    }

    private async Task WriteAsync(List<PendingLookup> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                session.Store<LookupRecord>(await SealAsync(session, batch, cancellationToken));
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Writing {Count} lookup records failed (attempt {Attempt}); retrying", batch.Count, attempt);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 200 * attempt)), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Requeue(batch);
                    throw;
                }
            }
            catch (OperationCanceledException)
            {
                Requeue(batch);
                throw;
            }
        }
    }

    /// <summary>
    /// A lookup that found a carer is sealed under their key, so it is erased with them; the others (and any whose
    /// carer was erased meanwhile) under the month's key for unmatched lookups.
    /// </summary>
    private async Task<List<LookupRecord>> SealAsync(IDocumentSession session, List<PendingLookup> batch, CancellationToken cancellationToken)
    {
        var carerKeys = await vault.ExistingKeysAsync(
            session, batch.Where(b => b.CarerId is not null).Select(b => OpenedCarer.KeySubject(b.CarerId!.Value)).ToList(), cancellationToken);
        var monthKeys = new Dictionary<string, SubjectKey>();
        var records = new List<LookupRecord>(batch.Count);
        foreach (var lookup in batch)
        {
            if (lookup.CarerId is { } carerId && carerKeys.TryGetValue(OpenedCarer.KeySubject(carerId), out var carerKey))
            {
                records.Add(lookup.Sealed(carerKey));
                continue;
            }

            if (!monthKeys.TryGetValue(lookup.UnmatchedSubject, out var monthKey))
            {
                monthKeys[lookup.UnmatchedSubject] = monthKey = await vault.KeyForWritingAsync(session, lookup.UnmatchedSubject, cancellationToken);
            }

            records.Add(lookup.Sealed(monthKey));
        }

        return records;
    }

    private void Requeue(List<PendingLookup> batch)
    {
        foreach (var record in batch)
        {
            pending.Writer.TryWrite(record);
        }
    }
}
