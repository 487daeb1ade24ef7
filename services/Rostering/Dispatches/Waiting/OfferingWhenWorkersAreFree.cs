using System.Threading.Channels;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Waiting;

/// <summary>Told when a decision may have freed a worker: they left a home, declined, let an offer lapse, or a dispatch closed.</summary>
public sealed class WorkersMayBeFree
{
    // One pending signal is enough: a sweep looks at every waiting dispatch, so signals during a sweep fold into one more.
    private readonly Channel<bool> signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void AfterDecision(IReadOnlyList<object> recorded)
    {
        if (recorded.Any(e => e is WorkerLeft or DispatchClosed or OfferDeclined or OfferExpired))
        {
            signals.Writer.TryWrite(true);
        }
    }

    /// <summary>Something other than a decision may have put workers in reach: a travel limit was raised.</summary>
    public void SomethingChanged() => signals.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan atMost, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(atMost);
        try
        {
            await signals.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// An activation whose coordinators were alerted because no qualified worker was free keeps waiting for one: as soon as
/// a worker may be free (<see cref="WorkersMayBeFree"/>), and every minute for shifts that begin, the waiting dispatches
/// are offered again, oldest first, by the same decision as the first offer. The coordinators can still choose someone
/// themselves meanwhile. The workers are loaded once a sweep and each waiting dispatch ranked in memory, so only those
/// with a candidate take a decision; that decision searches afresh and has the final word.
/// </summary>
public sealed class OfferingWhenWorkersAreFree(
    WorkersMayBeFree signals,
    IServiceProvider services,
    IClock clock,
    ILogger<OfferingWhenWorkersAreFree> logger) : BackgroundService
{
    private static readonly TimeSpan SweepAtLeastEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await signals.WaitAsync(SweepAtLeastEvery, stoppingToken);
            try
            {
                await OfferWaitingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Offering waiting dispatches failed; trying again at the next signal or within a minute");
            }
        }
    }

    /// <summary>
    /// A dispatch waiting for a free worker that this sweep still offers: its carer is known and its offers are not used
    /// up (once they are, the coordinators paged for it choose).
    /// </summary>
    public static bool IsOfferedWhenAWorkerIsFree(StaffDispatch dispatch, OfferOptions options) =>
        dispatch.WaitingForFreeWorker && dispatch.CarerId is not null && dispatch.UnansweredOffers() < options.MaxAttemptsBeforeEscalation * dispatch.PlacesNeeded;

    private async Task OfferWaitingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
        var desk = scope.ServiceProvider.GetRequiredService<DispatchDesk>();
        List<StaffDispatch> waiting;
        CandidatePool pool;
        Dictionary<Guid, CarerNeeds> needs;
        await using (var session = store.QuerySession())
        {
            waiting = (await session.Query<StaffDispatch>().Where(d => d.WaitingForFreeWorker).ToListAsync(cancellationToken))
                .Where(d => IsOfferedWhenAWorkerIsFree(d, desk.Options))
                .OrderBy(d => d.ActivationOpenedAt)
                .ToList();
            if (waiting.Count == 0)
            {
                return;
            }

            pool = await CandidatePool.LoadAsync(session, desk.Options, cancellationToken);
            needs = (await session.LoadManyAsync<CarerNeeds>(cancellationToken, waiting.Select(d => d.CarerId!.Value).Distinct()))
                .ToDictionary(n => n.Id);
        }

        var now = clock.GetCurrentInstant();
        var askedThisSweep = new HashSet<Guid>();
        foreach (var dispatch in waiting)
        {
            if (!needs.TryGetValue(dispatch.CarerId!.Value, out var carerNeeds)
                || !pool.Rank(dispatch, carerNeeds, now, desk.Options).Ranking.Ranked.Any(r => !askedThisSweep.Contains(r.WorkerId)))
            {
                continue;
            }

            var asked = await desk.ExecuteAsync(dispatch.Id, async work =>
            {
                if (work.Dispatch is not { WaitingForFreeWorker: true })
                {
                    return null;
                }

                await desk.MoveOnAsync(work, cancellationToken);
                return work.Recorded.OfType<OfferMade>().FirstOrDefault()?.WorkerId;
            }, cancellationToken);
            if (asked is { } workerId)
            {
                askedThisSweep.Add(workerId);
                logger.LogInformation("Activation {ActivationId}, waiting for a free worker, offered to worker {WorkerId}", dispatch.Id, workerId);
            }
        }
    }
}
