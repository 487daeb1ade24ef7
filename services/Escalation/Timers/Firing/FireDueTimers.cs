using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Firing;

/// <summary>
/// Fires one batch of due timers: the claim, the TimerFired events and whatever the timers lead to commit in one
/// PostgreSQL transaction, so a timer is recorded as fired exactly once however many instances poll. The outbox relay
/// then publishes each event with its event id as MessageId (at least once; consumers deduplicate).
/// </summary>
public sealed class FireDueTimers(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    TimerStore timers,
    KeptEscalations kept,
    IClock clock,
    IOptions<CoverLimitOptions> options)
{
    public async Task<int> FireAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var due = await timers.ClaimDueAsync(connection, transaction, now, batchSize, cancellationToken);
        if (due.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        foreach (var activation in due.GroupBy(t => t.ActivationId))
        {
            kept.Forget(activation.Key);
            if (activation.Any(t => TimerFiringDecision.NeedsState(t.Kind)))
            {
                var state = await EscalationStream.LoadAsync(session, activation.Key, cancellationToken);
                var decided = new List<EscalationDecision>();
                var evolving = state;
                foreach (var timer in activation)
                {
                    var decision = TimerFiringDecision.Decide(timer, evolving, now, options.Value);
                    evolving = decision.Events.Aggregate(evolving, (s, e) => s.Apply(e));
                    decided.Add(decision);
                }

                EscalationStream.Record(session, timers, state, activation.Key, Merge(decided), now);
            }
            else
            {
                var fired = activation.Select(t => TimerFiringDecision.Decide(t, ActivationEscalation.Empty(t.ActivationId), now, options.Value)).ToList();
                EscalationStream.Record(session, timers, null, activation.Key, Merge(fired), now);
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private static EscalationDecision Merge(IReadOnlyList<EscalationDecision> decisions) => new(
        decisions.SelectMany(d => d.Events).ToList(),
        decisions.SelectMany(d => d.Start).ToList(),
        decisions.SelectMany(d => d.Cancel).ToList());
}
