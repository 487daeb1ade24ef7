using System.Threading.Channels;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

/// <summary>
/// Writes lookup records in batches off the request path: an emergency lookup must not wait for a commit (an fsync
/// costs more than the whole lookup). Records are written within moments, kept and retried while PostgreSQL is
/// unavailable (a database blip must not stop lookups), and drained on shutdown. The queries are sealed here, off the
/// request path too. A record that comes by message (<see cref="RecordAsync"/>) is awaited until it is written, so the
/// message is acknowledged only then.
/// </summary>
public sealed class LookupAuditWriter(IDocumentStore store, PersonalDataVault vault, ILogger<LookupAuditWriter> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private readonly Channel<Waiting> pending = Channel.CreateUnbounded<Waiting>();

    public void Record(PendingLookup record) => pending.Writer.TryWrite(new Waiting(record, null));

    private volatile bool stopped;

    /// <summary>
    /// Returns once the record is written, in the next batch. Once the writer has stopped it fails at once, and a record
    /// still waiting then is given up: its message is delivered again, to whichever instance runs next.
    /// </summary>
    public async Task RecordAsync(PendingLookup record, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopped, this);
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await pending.Writer.WriteAsync(new Waiting(record, written), cancellationToken);
        await written.Task.WaitAsync(cancellationToken);
    }

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
        finally
        {
            stopped = true;
            while (pending.Reader.TryRead(out var left))
            {
                left.Written?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task WriteWaitingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = new List<Waiting>();
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

    private async Task WriteAsync(List<Waiting> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                session.Store<LookupRecord>(await SealAsync(session, batch.Select(w => w.Lookup).ToList(), cancellationToken));
                await session.SaveChangesAsync(cancellationToken);
                foreach (var waiting in batch)
                {
                    waiting.Written?.TrySetResult();
                }

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

    private void Requeue(List<Waiting> batch)
    {
        foreach (var record in batch)
        {
            pending.Writer.TryWrite(record);
        }
    }

    /// <param name="Written">Completed once the record is written, for a caller that waits for it.</param>
    private sealed record Waiting(PendingLookup Lookup, TaskCompletionSource? Written);
}
