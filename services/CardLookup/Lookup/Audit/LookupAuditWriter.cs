using System.Threading.Channels;
using Marten;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

/// <summary>
/// Writes lookup records in batches off the request path: an emergency lookup must not wait for a commit (an fsync
/// costs more than the whole lookup). Records are written within moments, kept and retried while PostgreSQL is
/// unavailable (a database blip must not stop lookups), and drained on shutdown.
/// </summary>
public sealed class LookupAuditWriter(IDocumentStore store, ILogger<LookupAuditWriter> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private readonly Channel<LookupRecord> pending = Channel.CreateUnbounded<LookupRecord>();

    public void Record(LookupRecord record) => pending.Writer.TryWrite(record);

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
            var batch = new List<LookupRecord>();
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

    private async Task WriteAsync(List<LookupRecord> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                session.Store<LookupRecord>(batch);
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

    private void Requeue(List<LookupRecord> batch)
    {
        foreach (var record in batch)
        {
            pending.Writer.TryWrite(record);
        }
    }
}
