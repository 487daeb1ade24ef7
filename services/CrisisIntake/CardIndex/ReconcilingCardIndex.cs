using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using Cards = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CrisisIntake.CardIndex;

/// <summary>The "CardIndex" configuration section.</summary>
public sealed class CardIndexOptions
{
    public const string Section = "CardIndex";

    /// <summary>How often the card index takes card lookup's card and plan messages of the last day again.</summary>
    public int ReconcileMinutes { get; set; } = 5;
}

/// <summary>
/// Every CardIndex:ReconcileMinutes, takes card lookup's card and plan messages of the last 24 hours again (GET
/// /cards/messages) and merges each into the card index as its message would have been: one that never arrived (its
/// retries given up, PostgreSQL away for longer than they last) still reaches the phone line, within minutes. Merging
/// is by the instant or plan version each carries, so the messages that did arrive change nothing again. A page of
/// messages is merged in one session that reads its carers and cards at once; a message that changes something is
/// stored at once, in a commit of its own.
/// </summary>
public sealed class ReconcilingCardIndex(
    IServiceScopeFactory scopes, IDocumentStore store, IClock clock, IOptions<CardIndexOptions> options, ILogger<ReconcilingCardIndex> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim oneRoundAtATime = new(1, 1);
    private bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.ReconcileMinutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ReconcileAsync(stoppingToken);
        }
    }

    /// <summary>One round; returns how many messages changed the index. A failure is logged once, with the recovery.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await oneRoundAtATime.WaitAsync(cancellationToken);
        var changed = 0;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await foreach (var page in scope.ServiceProvider.GetRequiredService<CardLookupMessages>()
                .SinceAsync(clock.GetCurrentInstant() - Duration.FromHours(24), cancellationToken))
            {
                changed += await MergeAsync(page, cancellationToken);
            }

            if (failing)
            {
                failing = false;
                logger.LogInformation("The card index is reconciled with card lookup again");
            }

            return changed;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!failing)
            {
                failing = true;
                logger.LogError(
                    "The card index could not be reconciled with card lookup ({Exception} {Status}); tried again every {Minutes} minutes",
                    e.GetType().Name, (e as HttpRequestException)?.StatusCode, options.Value.ReconcileMinutes);
            }

            return changed;
        }
        finally
        {
            if (changed > 0)
            {
                logger.LogWarning("Reconciling the card index with card lookup took {Changed} messages that had not arrived", changed);
            }

            oneRoundAtATime.Release();
        }
    }

    /// <summary>How many of the page's messages changed something, up to one that met a change stored meanwhile.</summary>
    private async Task<int> MergeAsync(IReadOnlyList<object> page, CancellationToken cancellationToken)
    {
        // An identity session: what is read here at once is what each merge then reads. The carers first: every change
        // writes its carer, so a change stored after they were read fails its version check, even one to a card read later.
        await using var session = store.IdentitySession();
        await session.LoadManyAsync<KnownCarer>(cancellationToken, page.Select(CarerOf).Distinct().ToArray());
        await session.LoadManyAsync<KnownCard>(cancellationToken, page.SelectMany(CardsOf).Distinct().ToArray());
        var changed = 0;
        foreach (var message in page)
        {
            await KeepingCardIndex.ApplyAsync(session, message, cancellationToken);
            if (!session.PendingChanges.Operations().Any())
            {
                continue;
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
                changed++;
            }
            catch (Exception e) when (StreamConflicts.IsConflict(e))
            {
                // A message arrived meanwhile: the bus's change stands, and the next round looks again.
                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // This one message cannot be merged: the others still are. Its type only: its words would name the card.
                logger.LogError("A card message could not be merged into the card index ({Exception})", e.GetType().Name);
                session.EjectAllPendingChanges();
            }
        }

        return changed;
    }

    private static IEnumerable<string> CardsOf(object message) => message switch
    {
        Cards.CardIssued m => [m.CardNumber],
        Cards.CardRevoked m => [m.CardNumber],
        Cards.CardReplaced m => [m.OldCardNumber],
        _ => [],
    };

    private static Guid CarerOf(object message) => message switch
    {
        Cards.CardIssued m => m.CarerId,
        Cards.CardRevoked m => m.CarerId,
        Cards.CardReplaced m => m.CarerId,
        Cards.EmergencyPlanChanged m => m.CarerId,
        Cards.CarerErased m => m.CarerId,
        _ => Guid.Empty,
    };
}
