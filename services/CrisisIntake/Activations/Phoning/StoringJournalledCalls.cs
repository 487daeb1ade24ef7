using Cers.Dispatch.CrisisIntake.Collaborators;
using Marten;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// Stores the calls this instance answered while PostgreSQL was away, as soon as it answers again: each opens its
/// activation (or joins the one open for the carer) as it would have when answered, at the time it was answered, with
/// the caller recorded as put through to the first of the chain they were dialled to. A call is forgotten from the
/// journal only once stored; storing again is harmless (the activation id comes from the CallSid).
/// </summary>
public sealed class StoringJournalledCalls(CallJournal journal, IServiceProvider services, ILogger<StoringJournalledCalls> logger) : BackgroundService
{
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(2);

    /// <summary>The sweep and a dial-status webhook for the same call store it one after the other, the second finding it stored.</summary>
    private readonly SemaphoreSlim storing = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var kept = journal.Kept();
            foreach (var call in kept)
            {
                try
                {
                    await StoreAsync(call, stoppingToken);
                }
                catch (Exception e) when (StoreUnavailable.Is(e) && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogInformation("PostgreSQL still unreachable: journalled calls wait ({Count} at this sweep)", kept.Count);
                    break;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Kept for the next sweep: a call is never dropped because one attempt to store it failed.
                    logger.LogWarning(e, "Storing journalled call {CallSid} failed; trying again", call.CallSid);
                }
            }
        }
    }

    public async Task StoreAsync(JournalledCall call, CancellationToken cancellationToken)
    {
        await storing.WaitAsync(cancellationToken);
        try
        {
            await StoreInTurnAsync(call, cancellationToken);
        }
        finally
        {
            storing.Release();
        }
    }

    public override void Dispose()
    {
        storing.Dispose();
        base.Dispose();
    }

    private async Task StoreInTurnAsync(JournalledCall call, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        if (await session.LoadAsync<PhoneCall>(call.CallSid, cancellationToken) is not { ActivationId: not null })
        {
            var check = await TakingCardNumber.CheckAsync(scope.ServiceProvider.GetRequiredService<CardLookupClient>(), call.Attempts.Count > 0 ? call.Attempts[^1] : "", call.From, cancellationToken);
            var opened = await TakingCardNumber.OpenAsync(
                session, scope.ServiceProvider.GetRequiredService<ActivationDesk>(), new PhoneCall(call.CallSid, call.Attempts), call.From, check, call.Chain,
                call.AnsweredAt, cancellationToken);
            logger.LogInformation("Journalled call {CallSid} stored: activation {ActivationId}", call.CallSid, opened.ActivationId);
        }

        journal.Forget(call.CallSid);
    }
}
